// Tests for the Anthropic Messages client dialect, request side: Anthropic's
// reference request examples in, the canonical (OpenAI chat) request out;
// every validation error with its param; count_tokens.
#include "core/dialects/anthropic_messages_dialect.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

using nlohmann::json;

ChatRequest parsed(std::string_view body) {
  auto r = anthropic_messages_dialect().parse_request(body);
  if (!r.ok()) FAIL("unexpected error: " << r.error().message);
  return r.value();
}

json canonical(std::string_view body) { return parsed(body).body; }

Error error_of(std::string_view body) {
  auto r = anthropic_messages_dialect().parse_request(body);
  REQUIRE_FALSE(r.ok());
  return r.error();
}

}  // namespace

TEST_CASE("anthropic messages: the dialect reports its format") {
  CHECK(anthropic_messages_dialect().format() == ClientFormat::kAnthropicMessages);
}

TEST_CASE("anthropic messages: a simple request becomes a canonical chat request") {
  ChatRequest r = parsed(R"({
    "model": "claude-sonnet-4-20250514",
    "max_tokens": 1024,
    "messages": [{"role": "user", "content": "Hello, world"}]
  })");
  CHECK(r.body == json::parse(R"({"model":"claude-sonnet-4-20250514","max_tokens":1024,
                                  "messages":[{"role":"user","content":"Hello, world"}]})"));
  CHECK(r.model == "claude-sonnet-4-20250514");
  CHECK(r.max_tokens == 1024);
  CHECK_FALSE(r.stream);
  CHECK_FALSE(r.include_usage);
  CHECK(r.provider_override.empty());
  CHECK(r.prompt_tokens_estimate == 3);  // 12 characters
}

TEST_CASE("anthropic messages: a system prompt given as text blocks becomes one leading system message") {
  json body = canonical(R"({
    "model": "claude-sonnet-4-20250514",
    "max_tokens": 1024,
    "system": [
      {"type": "text", "text": "You are an AI assistant tasked with analyzing literary works."},
      {"type": "text", "text": "<the entire contents of Pride and Prejudice>", "cache_control": {"type": "ephemeral"}}
    ],
    "messages": [{"role": "user", "content": "Analyze the major themes in Pride and Prejudice."}]
  })");
  CHECK(body["messages"] == json::parse(R"([
    {"role":"system","content":"You are an AI assistant tasked with analyzing literary works.\n<the entire contents of Pride and Prejudice>"},
    {"role":"user","content":"Analyze the major themes in Pride and Prejudice."}])"));
  CHECK(canonical(R"({"model":"m","max_tokens":5,"system":"Be brief.","messages":[{"role":"user","content":"hi"}]})")
            ["messages"][0] == json::parse(R"({"role":"system","content":"Be brief."})"));
}

TEST_CASE("anthropic messages: a tool_use / tool_result round trip becomes tool_calls and a tool message") {
  json body = canonical(R"({
    "model": "claude-opus-4-1-20250805",
    "max_tokens": 1024,
    "tools": [{
      "name": "get_weather",
      "description": "Get the current weather in a given location",
      "input_schema": {"type": "object",
                       "properties": {"location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"}},
                       "required": ["location"]}
    }],
    "tool_choice": {"type": "auto", "disable_parallel_tool_use": true},
    "messages": [
      {"role": "user", "content": "What is the weather like in San Francisco?"},
      {"role": "assistant", "content": [
        {"type": "text", "text": "I'll check the weather."},
        {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather",
         "input": {"location": "San Francisco, CA"}}]},
      {"role": "user", "content": [
        {"type": "tool_result", "tool_use_id": "toolu_01A09q90qw90lq917835lq9", "content": "15 degrees"}]}
    ]
  })");
  CHECK(body == json::parse(R"({
    "model": "claude-opus-4-1-20250805",
    "max_tokens": 1024,
    "tools": [{"type": "function", "function": {
      "name": "get_weather",
      "description": "Get the current weather in a given location",
      "parameters": {"type": "object",
                     "properties": {"location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"}},
                     "required": ["location"]}}}],
    "tool_choice": "auto",
    "parallel_tool_calls": false,
    "messages": [
      {"role": "user", "content": "What is the weather like in San Francisco?"},
      {"role": "assistant", "content": "I'll check the weather.", "tool_calls": [
        {"id": "toolu_01A09q90qw90lq917835lq9", "type": "function",
         "function": {"name": "get_weather", "arguments": "{\"location\":\"San Francisco, CA\"}"}}]},
      {"role": "tool", "tool_call_id": "toolu_01A09q90qw90lq917835lq9", "content": "15 degrees"}
    ]})"));
}

TEST_CASE("anthropic messages: tool results come before the turn's other user content; errors are marked") {
  json body = canonical(R"({"model":"m","max_tokens":10,"messages":[
    {"role":"user","content":"go"},
    {"role":"assistant","content":[
      {"type":"tool_use","id":"toolu_1","name":"a","input":{}},
      {"type":"tool_use","id":"toolu_2","name":"b","input":{"x":1}}]},
    {"role":"user","content":[
      {"type":"text","text":"Here you go."},
      {"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"line 1"},{"type":"text","text":"line 2"}]},
      {"type":"tool_result","tool_use_id":"toolu_2","content":"no such file","is_error":true},
      {"type":"tool_result","tool_use_id":"toolu_3"}]}]})");
  CHECK(body["messages"][1] == json::parse(R"({"role":"assistant","content":null,"tool_calls":[
    {"id":"toolu_1","type":"function","function":{"name":"a","arguments":"{}"}},
    {"id":"toolu_2","type":"function","function":{"name":"b","arguments":"{\"x\":1}"}}]})"));
  CHECK(json(body["messages"].begin() + 2, body["messages"].end()) == json::parse(R"([
    {"role":"tool","tool_call_id":"toolu_1","content":"line 1\nline 2"},
    {"role":"tool","tool_call_id":"toolu_2","content":"Error: no such file"},
    {"role":"tool","tool_call_id":"toolu_3","content":""},
    {"role":"user","content":[{"type":"text","text":"Here you go."}]}])"));
}

TEST_CASE("anthropic messages: an image in a tool result goes to the user message after the tool messages") {
  json body = canonical(R"({"model":"m","max_tokens":10,"messages":[
    {"role":"user","content":"shot"},
    {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"screenshot","input":{}}]},
    {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[
      {"type":"text","text":"done"},
      {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]}]}]})");
  CHECK(json(body["messages"].begin() + 2, body["messages"].end()) == json::parse(R"([
    {"role":"tool","tool_call_id":"t1","content":"done"},
    {"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}])"));
}

TEST_CASE("anthropic messages: base64 and url images become image_url parts") {
  json body = canonical(R"({
    "model": "claude-sonnet-4-20250514",
    "max_tokens": 1024,
    "messages": [{"role": "user", "content": [
      {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/4AAQSkZJRg=="}},
      {"type": "image", "source": {"type": "url", "url": "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg"}},
      {"type": "text", "text": "Describe this image."}
    ]}]
  })");
  CHECK(body["messages"] == json::parse(R"([{"role":"user","content":[
    {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQSkZJRg=="}},
    {"type":"image_url","image_url":{"url":"https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg"}},
    {"type":"text","text":"Describe this image."}]}])"));
}

TEST_CASE("anthropic messages: a base64 PDF becomes a file part; a text document becomes text") {
  json body = canonical(R"({
    "model": "claude-sonnet-4-20250514",
    "max_tokens": 1024,
    "messages": [{"role": "user", "content": [
      {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0xLjQK"}},
      {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "The grass is green."}},
      {"type": "text", "text": "Which model has the highest human preference win rates across each use-case?"}
    ]}]
  })");
  CHECK(body["messages"][0]["content"] == json::parse(R"([
    {"type":"file","file":{"filename":"document.pdf","file_data":"data:application/pdf;base64,JVBERi0xLjQK"}},
    {"type":"text","text":"The grass is green."},
    {"type":"text","text":"Which model has the highest human preference win rates across each use-case?"}])"));
}

TEST_CASE("anthropic messages: thinking blocks with signatures are kept; the budget sets reasoning_effort") {
  ChatRequest r = parsed(R"({
    "model": "claude-sonnet-4-20250514",
    "max_tokens": 16000,
    "thinking": {"type": "enabled", "budget_tokens": 10000},
    "tools": [{"name": "get_weather", "description": "Get current weather for a location",
               "input_schema": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}}],
    "messages": [
      {"role": "user", "content": "What's the weather in Paris?"},
      {"role": "assistant", "content": [
        {"type": "thinking", "thinking": "The user wants to know the current weather in Paris. I have access to a function `get_weather`...",
         "signature": "BDaL4VrbR2Oj0hO4XpJxT28J5TILnCrrUXoKiiNBZW9P+nr8XSj1zuZzAl4egiCCpQNvfyUuFFJP5CncdYZEQPPmLxYsNrcs...."},
        {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP..."},
        {"type": "text", "text": "I can help you get the current weather information for Paris. Let me check that for you"},
        {"type": "tool_use", "id": "toolu_01CswdEQBMshySk6Y9DFKrfq", "name": "get_weather", "input": {"location": "Paris"}}
      ]},
      {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01CswdEQBMshySk6Y9DFKrfq", "content": "88°F"}]}
    ]
  })");
  CHECK(r.body["thinking"] == json::parse(R"({"type":"enabled","budget_tokens":10000})"));
  CHECK(r.body["reasoning_effort"] == "medium");
  CHECK(r.body["messages"][1] == json::parse(R"({
    "role": "assistant",
    "content": "I can help you get the current weather information for Paris. Let me check that for you",
    "reasoning_content": "The user wants to know the current weather in Paris. I have access to a function `get_weather`...",
    "thinking_blocks": [
      {"type": "thinking", "thinking": "The user wants to know the current weather in Paris. I have access to a function `get_weather`...",
       "signature": "BDaL4VrbR2Oj0hO4XpJxT28J5TILnCrrUXoKiiNBZW9P+nr8XSj1zuZzAl4egiCCpQNvfyUuFFJP5CncdYZEQPPmLxYsNrcs...."},
      {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP..."}],
    "tool_calls": [{"id": "toolu_01CswdEQBMshySk6Y9DFKrfq", "type": "function",
                    "function": {"name": "get_weather", "arguments": "{\"location\":\"Paris\"}"}}]})"));
  CHECK(r.body["messages"][2] ==
        json::parse(R"({"role":"tool","tool_call_id":"toolu_01CswdEQBMshySk6Y9DFKrfq","content":"88°F"})"));
}

TEST_CASE("anthropic messages: thinking budgets map to low below 4096, medium below 16384, else high") {
  auto effort = [](int budget) {
    return canonical(R"({"model":"m","max_tokens":32000,"thinking":{"type":"enabled","budget_tokens":)" +
                     std::to_string(budget) + R"(},"messages":[{"role":"user","content":"x"}]})")["reasoning_effort"];
  };
  CHECK(effort(1024) == "low");
  CHECK(effort(4095) == "low");
  CHECK(effort(4096) == "medium");
  CHECK(effort(16383) == "medium");
  CHECK(effort(16384) == "high");
  json disabled = canonical(
      R"({"model":"m","max_tokens":5,"thinking":{"type":"disabled"},"messages":[{"role":"user","content":"x"}]})");
  CHECK(disabled["thinking"] == json::parse(R"({"type":"disabled"})"));
  CHECK_FALSE(disabled.contains("reasoning_effort"));
}

TEST_CASE("anthropic messages: tool_choice any, none and a named tool map to OpenAI's forms") {
  auto choice = [](const std::string& tc) {
    return canonical(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"tool_choice":)" + tc +
                     "}");
  };
  CHECK(choice(R"({"type":"any"})")["tool_choice"] == "required");
  CHECK(choice(R"({"type":"none"})")["tool_choice"] == "none");
  CHECK(choice(R"({"type":"tool","name":"get_weather"})")["tool_choice"] ==
        json::parse(R"({"type":"function","function":{"name":"get_weather"}})"));
  CHECK_FALSE(choice(R"({"type":"auto","disable_parallel_tool_use":false})").contains("parallel_tool_calls"));
}

TEST_CASE("anthropic messages: sampling, stop sequences, metadata, stream and provider carry over") {
  ChatRequest r = parsed(R"({"model":"claude-3-5-haiku-latest","max_tokens":256,"temperature":0.5,"top_p":0.9,
    "top_k":40,"stop_sequences":["END","\n\nHuman:"],"metadata":{"user_id":"13803d75-b4b5-4c3e-b2a2-6f21399b021b"},
    "stream":true,"provider":"openrouter","service_tier":"auto",
    "messages":[{"role":"user","content":"Hello"},{"role":"assistant","content":"Hi! My name is"}]})");
  CHECK(r.body == json::parse(R"({"model":"claude-3-5-haiku-latest","max_tokens":256,"temperature":0.5,"top_p":0.9,
    "top_k":40,"stop":["END","\n\nHuman:"],"user":"13803d75-b4b5-4c3e-b2a2-6f21399b021b",
    "stream":true,"stream_options":{"include_usage":true},"provider":"openrouter",
    "messages":[{"role":"user","content":"Hello"},{"role":"assistant","content":"Hi! My name is"}]})"));
  CHECK(r.stream);
  CHECK(r.include_usage);
  CHECK(r.provider_override == "openrouter");
  CHECK(r.max_tokens == 256);
}

TEST_CASE("anthropic messages: server tools pass through unchanged for providers that serve them") {
  json body = canonical(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],
    "tools":[{"type":"web_search_20250305","name":"web_search","max_uses":5},
             {"type":"custom","name":"f","input_schema":{"type":"object"}}]})");
  CHECK(body["tools"] == json::parse(R"([{"type":"web_search_20250305","name":"web_search","max_uses":5},
    {"type":"function","function":{"name":"f","parameters":{"type":"object"}}}])"));
}

TEST_CASE("anthropic messages: the estimate counts system, messages, tool traffic and tool definitions") {
  ChatRequest r = parsed(R"({"model":"m","max_tokens":5,"system":"abcd",
    "tools":[{"name":"ab","description":"cd","input_schema":{}}],
    "messages":[{"role":"user","content":[{"type":"text","text":"efgh"}]},
                {"role":"assistant","content":[{"type":"tool_use","id":"t","name":"ab","input":{}}]},
                {"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"ijkl"}]}]})");
  // "abcd" + "efgh" + "ab{}" + "ijkl" + "cd" + "ab{}" = 22 characters
  CHECK(r.prompt_tokens_estimate == 6);
}

TEST_CASE("anthropic messages: count_tokens estimates input tokens and needs no max_tokens") {
  auto n = anthropic_count_tokens(R"({"model":"claude-opus-4-1-20250805","system":"You are a scientist",
    "messages":[{"role":"user","content":"Hello, Claude"}]})");
  REQUIRE(n.ok());
  CHECK(n.value() == 8);  // 19 + 13 characters
  auto bad = anthropic_count_tokens(R"({"model":"m","messages":[{"role":"assistant","content":"x"}]})");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().param == "messages.0.role");
  CHECK_FALSE(anthropic_count_tokens("{").ok());
}

TEST_CASE("anthropic messages: invalid requests name the offending field in Anthropic terms") {
  struct Case {
    const char* body;
    const char* param;
  };
  const Case cases[] = {
      {R"({"model":)", ""},
      {R"([1])", ""},
      {R"({"max_tokens":5,"messages":[{"role":"user","content":"x"}]})", "model"},
      {R"({"model":7,"max_tokens":5,"messages":[{"role":"user","content":"x"}]})", "model"},
      {R"({"model":"m","messages":[{"role":"user","content":"x"}]})", "max_tokens"},
      {R"({"model":"m","max_tokens":0,"messages":[{"role":"user","content":"x"}]})", "max_tokens"},
      {R"({"model":"m","max_tokens":"9","messages":[{"role":"user","content":"x"}]})", "max_tokens"},
      {R"({"model":"m","max_tokens":5})", "messages"},
      {R"({"model":"m","max_tokens":5,"messages":{}})", "messages"},
      {R"({"model":"m","max_tokens":5,"messages":[]})", "messages"},
      {R"({"model":"m","max_tokens":5,"messages":["hi"]})", "messages.0"},
      {R"({"model":"m","max_tokens":5,"messages":[{"content":"x"}]})", "messages.0.role"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"system","content":"x"}]})", "messages.0.role"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"assistant","content":"x"}]})", "messages.0.role"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"},{"role":"tool","content":"y"}]})",
       "messages.1.role"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user"}]})", "messages.0.content"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":7}]})", "messages.0.content"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[]}]})", "messages.0.content"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":["x"]}]})", "messages.0.content.0"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"text":"x"}]}]})",
       "messages.0.content.0.type"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"text"}]}]})",
       "messages.0.content.0.text"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image"}]}]})",
       "messages.0.content.0.source"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"file","file_id":"f"}}]}]})",
       "messages.0.content.0.source.type"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","data":"x"}}]}]})",
       "messages.0.content.0.source.media_type"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png"}}]}]})",
       "messages.0.content.0.source.data"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"url"}}]}]})",
       "messages.0.content.0.source.url"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"url","url":"https://x/a.pdf"}}]}]})",
       "messages.0.content.0.source.type"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"text/csv","data":"x"}}]}]})",
       "messages.0.content.0.source.media_type"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_use","id":"t","name":"n","input":{}}]}]})",
       "messages.0.content.0.type"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_result","tool_use_id":"t"}]}]})",
       "messages.1.content.0.type"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"image","source":{}}]}]})",
       "messages.1.content.0.type"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","name":"n","input":{}}]}]})",
       "messages.1.content.0.id"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","id":"t","input":{}}]}]})",
       "messages.1.content.0.name"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"n","input":"{}"}]}]})",
       "messages.1.content.0.input"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"thinking","signature":"s"}]}]})",
       "messages.1.content.0.thinking"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":5}]}]})",
       "messages.1.content.0.signature"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"redacted_thinking"}]}]})",
       "messages.1.content.0.data"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_result","content":"r"}]}]})",
       "messages.0.content.0.tool_use_id"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":5}]}]})",
       "messages.0.content.0.content"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"video"}]}]}]})",
       "messages.0.content.0.content.0.type"},
      {R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","is_error":"yes"}]}]})",
       "messages.0.content.0.is_error"},
      {R"({"model":"m","max_tokens":5,"system":5,"messages":[{"role":"user","content":"x"}]})", "system"},
      {R"({"model":"m","max_tokens":5,"system":[{"type":"image"}],"messages":[{"role":"user","content":"x"}]})",
       "system.0.type"},
      {R"({"model":"m","max_tokens":5,"system":[{"type":"text"}],"messages":[{"role":"user","content":"x"}]})",
       "system.0.text"},
      {R"({"model":"m","max_tokens":5,"tools":{},"messages":[{"role":"user","content":"x"}]})", "tools"},
      {R"({"model":"m","max_tokens":5,"tools":[5],"messages":[{"role":"user","content":"x"}]})", "tools.0"},
      {R"({"model":"m","max_tokens":5,"tools":[{"input_schema":{}}],"messages":[{"role":"user","content":"x"}]})",
       "tools.0.name"},
      {R"({"model":"m","max_tokens":5,"tools":[{"name":"f"}],"messages":[{"role":"user","content":"x"}]})",
       "tools.0.input_schema"},
      {R"({"model":"m","max_tokens":5,"tools":[{"name":"f","description":1,"input_schema":{}}],"messages":[{"role":"user","content":"x"}]})",
       "tools.0.description"},
      {R"({"model":"m","max_tokens":5,"tool_choice":"auto","messages":[{"role":"user","content":"x"}]})",
       "tool_choice.type"},
      {R"({"model":"m","max_tokens":5,"tool_choice":{"type":"required"},"messages":[{"role":"user","content":"x"}]})",
       "tool_choice.type"},
      {R"({"model":"m","max_tokens":5,"tool_choice":{"type":"tool"},"messages":[{"role":"user","content":"x"}]})",
       "tool_choice.name"},
      {R"({"model":"m","max_tokens":5,"tool_choice":{"type":"auto","disable_parallel_tool_use":1},"messages":[{"role":"user","content":"x"}]})",
       "tool_choice.disable_parallel_tool_use"},
      {R"({"model":"m","max_tokens":5,"temperature":"hot","messages":[{"role":"user","content":"x"}]})", "temperature"},
      {R"({"model":"m","max_tokens":5,"top_p":[],"messages":[{"role":"user","content":"x"}]})", "top_p"},
      {R"({"model":"m","max_tokens":5,"top_k":1.5,"messages":[{"role":"user","content":"x"}]})", "top_k"},
      {R"({"model":"m","max_tokens":5,"stop_sequences":"END","messages":[{"role":"user","content":"x"}]})",
       "stop_sequences"},
      {R"({"model":"m","max_tokens":5,"stop_sequences":["END",5],"messages":[{"role":"user","content":"x"}]})",
       "stop_sequences.1"},
      {R"({"model":"m","max_tokens":5,"thinking":{},"messages":[{"role":"user","content":"x"}]})", "thinking.type"},
      {R"({"model":"m","max_tokens":5,"thinking":{"type":"enabled"},"messages":[{"role":"user","content":"x"}]})",
       "thinking.budget_tokens"},
      {R"({"model":"m","max_tokens":5,"metadata":[],"messages":[{"role":"user","content":"x"}]})", "metadata"},
      {R"({"model":"m","max_tokens":5,"metadata":{"user_id":5},"messages":[{"role":"user","content":"x"}]})",
       "metadata.user_id"},
      {R"({"model":"m","max_tokens":5,"stream":"yes","messages":[{"role":"user","content":"x"}]})", "stream"},
      {R"({"model":"m","max_tokens":5,"provider":5,"messages":[{"role":"user","content":"x"}]})", "provider"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    Error e = error_of(c.body);
    CHECK(e.kind == ErrorKind::kInvalidRequest);
    CHECK(e.param == c.param);
    if (!e.param.empty()) CHECK(e.message.rfind(e.param + ": ", 0) == 0);
  }
}

TEST_CASE("anthropic messages: an unknown block type is named with its path") {
  Error e = error_of(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"},
    {"role":"assistant","content":[{"type":"foo"}]}]})");
  CHECK(e.message == "messages.1.content.0.type: unknown block type 'foo'");
  CHECK(e.param == "messages.1.content.0.type");
  CHECK(error_of(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}]}trailing)").message ==
        "request body is not valid JSON");
}

TEST_CASE("anthropic messages: errors render as Anthropic error bodies") {
  Error e = make_error(ErrorKind::kRateLimited, "slow down");
  CHECK(json::parse(anthropic_messages_dialect().render_error(e)) ==
        json::parse(R"({"type":"error","error":{"type":"rate_limit_error","message":"slow down"}})"));
}

TEST_CASE("anthropic messages: a second model key in another case is refused, naming it") {
  Error e = error_of(R"({"model":"m","Model":"x","max_tokens":5,"messages":[{"role":"user","content":"hi"}]})");
  CHECK(e.kind == ErrorKind::kInvalidRequest);
  CHECK(e.param == "Model");
}

}  // namespace gw

namespace gw {

TEST_CASE("anthropic messages: a valid body followed by a NUL byte and more is rejected as not JSON") {
  using namespace std::string_literals;
  const Error e = error_of(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}]})"s + "\0{"s);
  CHECK(e.kind == ErrorKind::kInvalidRequest);
  CHECK(e.http_status() == 400);
}

}  // namespace gw
