// One stored answer in either shape (core/cache/answer_shapes.h): a whole
// answer becomes the stream its provider would have sent, a stream becomes
// the whole answer, and a round trip gives back the same JSON, member for
// member, in all three client dialects.
#include "core/cache/answer_shapes.h"

#include <doctest/doctest.h>

#include <string>

#include "core/dialects/chat_answer.h"
#include "core/http/sse.h"
#include "core/json/json_parse.h"

namespace gw {
namespace {

using ordered_json = nlohmann::ordered_json;

std::string joined(const std::vector<std::string>& events) {
  std::string all;
  for (const auto& e : events) all += e;
  return all;
}

std::vector<std::string> names(const std::vector<std::string>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(sse_event_name(e));
  return out;
}

Usage usage(int64_t prompt, int64_t completion) {
  Usage u;
  u.prompt_tokens = prompt;
  u.completion_tokens = completion;
  return u;
}

// whole -> stream -> whole, compared as JSON with member order.
// `stored` is the usage the cache keeps beside the answer.
void check_round_trip(ClientFormat format, const std::string& body, bool include_usage = false,
                      const Usage& stored = {}) {
  auto stream = stream_from_whole(format, body, include_usage);
  REQUIRE(stream.ok());
  auto back = whole_from_stream(format, joined(*stream), stored);
  REQUIRE(back.ok());
  CHECK(parse_ordered_json(*back) == parse_ordered_json(body));
}

const std::string kChat =
    R"({"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"openai/gpt-4o",)"
    R"("choices":[{"index":0,"message":{"role":"assistant","content":"Hello, wörld","refusal":null},)"
    R"("logprobs":null,"finish_reason":"stop"}],)"
    R"("usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12},"system_fingerprint":"fp_1"})";

const std::string kChatTools =
    R"({"id":"chatcmpl-2","object":"chat.completion","created":1700000001,"model":"openai/gpt-4o",)"
    R"("choices":[{"index":0,"message":{"role":"assistant","content":null,"reasoning_content":"think first","refusal":null,)"
    R"("tool_calls":[{"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}},)"
    R"({"id":"call_b","type":"function","function":{"name":"get_time","arguments":"{}"}}]},)"
    R"("logprobs":null,"finish_reason":"tool_calls"}],)"
    R"("usage":{"prompt_tokens":20,"completion_tokens":11,"total_tokens":31}})";

const std::string kMessage =
    R"({"id":"msg_1","type":"message","role":"assistant","model":"anthropic/claude-sonnet-4.5",)"
    R"("content":[{"type":"thinking","thinking":"Let me see.","signature":"sig=="},)"
    R"({"type":"redacted_thinking","data":"opaque"},)"
    R"({"type":"text","text":"It is sunny.","citations":[{"type":"char_location","cited_text":"sun","document_index":0}]},)"
    R"({"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Oslo","days":[1,2]}}],)"
    R"("stop_reason":"tool_use","stop_sequence":null,)"
    R"("usage":{"input_tokens":30,"cache_creation_input_tokens":5,"cache_read_input_tokens":100,"output_tokens":40}})";

const std::string kResponse =
    R"({"id":"resp_1","object":"response","created_at":1700000000,"status":"completed","model":"openai/gpt-5",)"
    R"("output":[{"id":"rs_1","type":"reasoning","summary":[{"type":"summary_text","text":"Thinking."}],)"
    R"("encrypted_content":"gAAAAB-opaque"},)"
    R"({"id":"msg_1","type":"message","status":"completed","role":"assistant",)"
    R"("content":[{"type":"output_text","text":"Hi there","annotations":[],"logprobs":[]}]},)"
    R"({"id":"fc_1","type":"function_call","status":"completed","arguments":"{\"q\":1}","call_id":"call_1","name":"search"},)"
    R"({"id":"ws_1","type":"web_search_call","status":"completed"}],)"
    R"("usage":{"input_tokens":10,"output_tokens":5,"total_tokens":15}})";

}  // namespace

TEST_CASE("answer shapes: an OpenAI chat answer streams as the SDKs expect and comes back the same") {
  auto stream = stream_from_whole(ClientFormat::kOpenAIChat, kChat, false);
  REQUIRE(stream.ok());
  // The REPL's own stream reader sees the same text and finish.
  ChatStreamReader reader;
  std::string text;
  REQUIRE(reader.feed(joined(*stream), text).ok());
  CHECK(text == "Hello, wörld");
  CHECK(reader.done());
  CHECK(reader.answer().finish_reason == "stop");
  CHECK(stream->back() == "data: [DONE]\n\n");
  CHECK(joined(*stream).find("\"usage\"") == std::string::npos);  // not asked for
  check_round_trip(ClientFormat::kOpenAIChat, kChat, false, usage(9, 3));
  check_round_trip(ClientFormat::kOpenAIChat, kChatTools, false, usage(20, 11));
}

TEST_CASE("answer shapes: stream_options.include_usage adds the usage chunk before [DONE]") {
  auto stream = stream_from_whole(ClientFormat::kOpenAIChat, kChat, true);
  REQUIRE(stream.ok());
  REQUIRE(stream->size() >= 3);
  const ordered_json last = parse_ordered_json(sse_data((*stream)[stream->size() - 2]));
  CHECK(last["choices"].empty());
  CHECK(last["usage"]["total_tokens"] == 12);
  check_round_trip(ClientFormat::kOpenAIChat, kChat, true);
}

TEST_CASE("answer shapes: an OpenAI chat stream without usage takes the stored usage") {
  const std::string stream =
      "data: "
      "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":5,\"model\":\"m\",\"choices\":[{\"index\":0,"
      "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
      "data: "
      "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":5,\"model\":\"m\",\"choices\":[{\"index\":0,"
      "\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n"
      "data: "
      "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":5,\"model\":\"m\",\"choices\":[{\"index\":0,"
      "\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
      "\"arguments\":\"{\\\"a\\\"\"}}]},\"finish_reason\":null}]}\n\n"
      "data: "
      "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":5,\"model\":\"m\",\"choices\":[{\"index\":0,"
      "\"delta\":{\"content\":\"lo\",\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\":1}\"}}]},"
      "\"finish_reason\":\"tool_calls\"}]}\n\n"
      "data: [DONE]\n\n";
  auto whole = whole_from_stream(ClientFormat::kOpenAIChat, stream, usage(7, 2));
  REQUIRE(whole.ok());
  const ordered_json j = parse_ordered_json(*whole);
  CHECK(j["object"] == "chat.completion");
  CHECK(j["id"] == "c1");
  CHECK(j["choices"][0]["message"]["content"] == "Hello");
  CHECK(j["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] == "{\"a\":1}");
  CHECK(j["choices"][0]["finish_reason"] == "tool_calls");
  CHECK(j["usage"]["total_tokens"] == 9);
}

TEST_CASE("answer shapes: an Anthropic Message streams event by event and folds back exactly") {
  auto stream = stream_from_whole(ClientFormat::kAnthropicMessages, kMessage, false);
  REQUIRE(stream.ok());
  const std::vector<std::string> expected = {"message_start",       "ping",
                                             "content_block_start", "content_block_delta",
                                             "content_block_delta", "content_block_stop",
                                             "content_block_start", "content_block_stop",
                                             "content_block_start", "content_block_delta",
                                             "content_block_delta", "content_block_stop",
                                             "content_block_start", "content_block_delta",
                                             "content_block_stop",  "message_delta",
                                             "message_stop"};
  CHECK(names(*stream) == expected);
  const ordered_json start = parse_ordered_json(sse_data((*stream)[0]));
  CHECK(start["message"]["content"].empty());
  CHECK(start["message"]["stop_reason"].is_null());
  CHECK(start["message"]["usage"]["cache_read_input_tokens"] == 100);
  // Anthropic's own stream decoder (the provider half) reads it to the end.
  auto decoder = anthropic_adapter().stream_decoder();
  std::vector<json> chunks;
  for (const auto& e : *stream) REQUIRE(decoder->decode(e, chunks).ok());
  CHECK(decoder->finished());
  check_round_trip(ClientFormat::kAnthropicMessages, kMessage);
}

TEST_CASE("answer shapes: a Response streams its items with sequence numbers and comes back from its final event") {
  auto stream = stream_from_whole(ClientFormat::kOpenAIResponses, kResponse, false);
  REQUIRE(stream.ok());
  const std::vector<std::string> n = names(*stream);
  CHECK(n.front() == "response.created");
  CHECK(n.back() == "response.completed");
  int64_t expected_sequence = 0;
  for (const auto& e : *stream) CHECK(parse_ordered_json(sse_data(e))["sequence_number"] == expected_sequence++);
  for (const char* must : {"response.output_text.delta", "response.reasoning_summary_text.delta",
                           "response.function_call_arguments.done", "response.content_part.done"})
    CHECK(std::find(n.begin(), n.end(), must) != n.end());
  // The reasoning item opens without its encrypted content and closes with it.
  const ordered_json added = parse_ordered_json(sse_data((*stream)[2]));
  CHECK(added["item"]["type"] == "reasoning");
  CHECK_FALSE(added["item"].contains("encrypted_content"));
  check_round_trip(ClientFormat::kOpenAIResponses, kResponse);
}

TEST_CASE("answer shapes: an incomplete Response ends in response.incomplete; a failed one is not reshaped") {
  ordered_json r = parse_ordered_json(kResponse);
  r["status"] = "incomplete";
  r["incomplete_details"] = {{"reason", "max_output_tokens"}};
  auto stream = stream_from_whole(ClientFormat::kOpenAIResponses, r.dump(), false);
  REQUIRE(stream.ok());
  CHECK(names(*stream).back() == "response.incomplete");
  check_round_trip(ClientFormat::kOpenAIResponses, r.dump());
  r["status"] = "failed";
  CHECK_FALSE(stream_from_whole(ClientFormat::kOpenAIResponses, r.dump(), false).ok());
}

TEST_CASE("answer shapes: what is not a complete answer is refused, never half served") {
  for (ClientFormat f : {ClientFormat::kOpenAIChat, ClientFormat::kAnthropicMessages, ClientFormat::kOpenAIResponses}) {
    CAPTURE(static_cast<int>(f));
    CHECK_FALSE(stream_from_whole(f, "not json", false).ok());
    CHECK_FALSE(stream_from_whole(f, R"({"error":{"message":"x"}})", false).ok());
    auto stream = stream_from_whole(f,
                                    f == ClientFormat::kOpenAIChat          ? kChat
                                    : f == ClientFormat::kAnthropicMessages ? kMessage
                                                                            : kResponse,
                                    false);
    REQUIRE(stream.ok());
    stream->pop_back();  // the end never came
    CHECK_FALSE(whole_from_stream(f, joined(*stream), Usage{}).ok());
  }
  CHECK_FALSE(whole_from_stream(
                  ClientFormat::kAnthropicMessages,
                  "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}\n\n", Usage{})
                  .ok());
  CHECK_FALSE(whole_from_stream(ClientFormat::kOpenAIChat, "data: {not json}\n\n", Usage{}).ok());
}

TEST_CASE("answer shapes: a field of an unexpected type is refused, not a crash (fuzz regression)") {
  const std::string start =
      "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"type\":\"message\",\"content\":[]}}\n\n";
  auto done_as_block = whole_from_stream(ClientFormat::kAnthropicMessages,
                                         start + "event: content_block_start\ndata: [DONE]\n\n", Usage{});
  REQUIRE_FALSE(done_as_block.ok());
  CHECK(done_as_block.error().message.find("cannot be reshaped") != std::string::npos);
  CHECK_FALSE(whole_from_stream(ClientFormat::kAnthropicMessages,
                                start + "data: {\"type\":\"content_block_start\",\"index\":\"zero\"}\n\n", Usage{})
                  .ok());
  CHECK_FALSE(stream_from_whole(ClientFormat::kAnthropicMessages,
                                R"({"type":"message","content":[{"type":"text","text":5}]})", false)
                  .ok());
}

}  // namespace gw
