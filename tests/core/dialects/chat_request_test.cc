// Tests for core/dialects/chat_request.h: validating an inbound chat request (each
// bad input names its field) and building the upstream OpenAI body.
#include "core/dialects/chat_request.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace gw {
namespace {

using nlohmann::json;

ChatRequest parse_ok(std::string_view body) {
  Result<ChatRequest> r = parse_chat_request(body);
  REQUIRE_MESSAGE(r.ok(), r.error().message);
  return r.value();
}

// The `param` of the kInvalidRequest error the body is rejected with.
std::string rejected_param(std::string_view body) {
  Result<ChatRequest> r = parse_chat_request(body);
  REQUIRE_MESSAGE(!r.ok(), body);
  CHECK(r.error().kind == ErrorKind::kInvalidRequest);
  CHECK(r.error().http_status() == 400);
  CHECK(!r.error().message.empty());
  return r.error().param;
}

// A minimal valid body plus `extra` top-level fields (",\"k\":v...").
std::string body_with(std::string_view extra) {
  return R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}])" + std::string(extra) + "}";
}

json upstream(std::string_view body, std::string_view native) { return openai_upstream_body(parse_ok(body), native); }

}  // namespace

TEST_CASE("chat request: a full valid request is understood") {
  ChatRequest r = parse_ok(R"({"model":"gpt-4o","provider":"openai","stream":true,
      "stream_options":{"include_usage":true},"max_tokens":50,
      "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello, world!!"}]})");
  CHECK(r.model == "gpt-4o");
  CHECK(r.provider_override == "openai");
  CHECK(r.stream);
  CHECK(r.include_usage);
  REQUIRE(r.max_tokens.has_value());
  CHECK(*r.max_tokens == 50);
  CHECK(r.tree().is_object());
  // "Be brief." (9) + "Hello, world!!" (14) = 23 characters -> ceil(23/4) = 6 tokens.
  CHECK(r.prompt_tokens_estimate == 6);
}

TEST_CASE("chat request: optional fields default to off") {
  ChatRequest r = parse_ok(body_with(""));
  CHECK_FALSE(r.stream);
  CHECK_FALSE(r.include_usage);
  CHECK_FALSE(r.max_tokens.has_value());
  CHECK(r.provider_override.empty());
  CHECK(r.prompt_tokens_estimate == 1);
}

TEST_CASE("chat request: max_completion_tokens wins over max_tokens") {
  CHECK(*parse_ok(body_with(R"(,"max_tokens":10,"max_completion_tokens":20)")).max_tokens == 20);
  CHECK(*parse_ok(body_with(R"(,"max_completion_tokens":20,"max_tokens":10)")).max_tokens == 20);
  CHECK(*parse_ok(body_with(R"(,"max_completion_tokens":7)")).max_tokens == 7);
  CHECK_FALSE(parse_ok(body_with(R"(,"max_tokens":null)")).max_tokens.has_value());
}

TEST_CASE("chat request: the prompt estimate is about four characters a token over all message text") {
  // 400 characters of user text -> 100 tokens.
  std::string text(400, 'x');
  ChatRequest r = parse_ok(R"({"model":"m/x","messages":[{"role":"user","content":")" + text + R"("}]})");
  CHECK(r.prompt_tokens_estimate == 100);
  // Text parts count; image parts do not.
  ChatRequest parts = parse_ok(R"({"model":"m/x","messages":[{"role":"user","content":[
      {"type":"text","text":"abcd"},{"type":"image_url","image_url":{"url":"https://example.com/a.png"}},
      {"type":"text","text":"efgh"}]}]})");
  CHECK(parts.prompt_tokens_estimate == 2);
}

TEST_CASE("chat request: a body that is not JSON is rejected") {
  CHECK(rejected_param("not json").empty());
  CHECK(rejected_param("").empty());
  CHECK(rejected_param(R"({"model":"gpt-4o",)").empty());
}

TEST_CASE("chat request: a valid body followed by a NUL byte and more is rejected as not JSON") {
  using namespace std::string_literals;
  CHECK(rejected_param(R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]})"s + "\0junk"s).empty());
}

TEST_CASE("chat request: a body that is not an object is rejected") {
  CHECK(rejected_param(R"([{"model":"gpt-4o"}])").empty());
  CHECK(rejected_param(R"("gpt-4o")").empty());
}

TEST_CASE("chat request: model is required and must be a string") {
  CHECK(rejected_param(R"({"messages":[{"role":"user","content":"hi"}]})") == "model");
  CHECK(rejected_param(R"({"model":5,"messages":[{"role":"user","content":"hi"}]})") == "model");
  CHECK(rejected_param(R"({"model":null,"messages":[{"role":"user","content":"hi"}]})") == "model");
}

TEST_CASE("chat request: messages must be a non-empty array") {
  CHECK(rejected_param(R"({"model":"gpt-4o"})") == "messages");
  CHECK(rejected_param(R"({"model":"gpt-4o","messages":[]})") == "messages");
  CHECK(rejected_param(R"({"model":"gpt-4o","messages":"hi"})") == "messages");
  CHECK(rejected_param(R"({"model":"gpt-4o","messages":{"role":"user"}})") == "messages");
}

TEST_CASE("chat request: each message needs a known role, and the error names which message") {
  CHECK(rejected_param(R"({"model":"gpt-4o","messages":[{"role":"wizard","content":"hi"}]})") == "messages[0].role");
  CHECK(rejected_param(R"({"model":"gpt-4o","messages":[{"content":"hi"}]})") == "messages[0].role");
  CHECK(rejected_param(R"({"model":"gpt-4o","messages":[{"role":7,"content":"hi"}]})") == "messages[0].role");
  CHECK(rejected_param(
            R"({"model":"gpt-4o","messages":[{"role":"user","content":"a"},{"role":"robot","content":"b"}]})") ==
        "messages[1].role");
  CHECK(rejected_param(R"({"model":"gpt-4o","messages":["hi"]})") == "messages[0]");
}

TEST_CASE("chat request: every OpenAI role is accepted") {
  for (const char* role : {"system", "developer", "user", "assistant", "tool", "function"}) {
    CAPTURE(role);
    CHECK(parse_chat_request(R"({"model":"gpt-4o","messages":[{"role":")" + std::string(role) + R"(","content":"x"}]})")
              .ok());
  }
}

TEST_CASE("chat request: max_tokens must be a positive integer") {
  CHECK(rejected_param(body_with(R"(,"max_tokens":0)")) == "max_tokens");
  CHECK(rejected_param(body_with(R"(,"max_tokens":-5)")) == "max_tokens");
  CHECK(rejected_param(body_with(R"(,"max_tokens":"100")")) == "max_tokens");
  CHECK(rejected_param(body_with(R"(,"max_tokens":1.5)")) == "max_tokens");
  CHECK(rejected_param(body_with(R"(,"max_completion_tokens":0)")) == "max_completion_tokens");
}

TEST_CASE("chat request: stream must be a boolean") {
  CHECK(rejected_param(body_with(R"(,"stream":"yes")")) == "stream");
  CHECK(rejected_param(body_with(R"(,"stream":1)")) == "stream");
}

TEST_CASE("chat request: provider must be a string") {
  CHECK(rejected_param(body_with(R"(,"provider":5)")) == "provider");
}

TEST_CASE("chat request: a non-boolean include_usage is rejected, not thrown") {
  std::string body = body_with(R"(,"stream":true,"stream_options":{"include_usage":"yes"})");
  CHECK(rejected_param(body) == "stream_options.include_usage");
}

TEST_CASE("chat request: a non-object stream_options is rejected, not thrown later") {
  CHECK(rejected_param(body_with(R"(,"stream":true,"stream_options":"x")")) == "stream_options");
}

TEST_CASE("upstream body: model is replaced by the provider's native id") {
  json out = upstream(body_with(""), "accounts/fireworks/models/deepseek-r1");
  CHECK(out["model"] == "accounts/fireworks/models/deepseek-r1");
}

TEST_CASE("upstream body: gw's provider field is not sent upstream") {
  json out = upstream(body_with(R"(,"provider":"openai")"), "gpt-4o");
  CHECK_FALSE(out.contains("provider"));
}

TEST_CASE("upstream body: streaming requests always ask for usage") {
  json plain = upstream(body_with(R"(,"stream":true)"), "gpt-4o");
  CHECK(plain["stream"] == true);
  CHECK(plain["stream_options"]["include_usage"] == true);

  json declined = upstream(body_with(R"(,"stream":true,"stream_options":{"include_usage":false,"x":1})"), "gpt-4o");
  CHECK(declined["stream_options"]["include_usage"] == true);
  CHECK(declined["stream_options"]["x"] == 1);  // other stream options survive
}

TEST_CASE("upstream body: non-streaming requests get no stream_options added") {
  CHECK_FALSE(upstream(body_with(""), "gpt-4o").contains("stream_options"));
  CHECK_FALSE(upstream(body_with(R"(,"stream":false)"), "gpt-4o").contains("stream_options"));
}

TEST_CASE("upstream body: every other field reaches the provider unchanged") {
  std::string body = R"({"model":"gpt-4o","provider":"openai",
      "messages":[{"role":"system","content":"s"},{"role":"user","content":[{"type":"text","text":"t"}]}],
      "temperature":0.2,"top_p":0.9,"seed":42,"user":"u-1","max_tokens":100,
      "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],
      "response_format":{"type":"json_object"},"some_future_field":{"nested":[1,2,3]}})";
  json in = json::parse(body);
  json out = upstream(body, "gpt-4o-2024-08-06");
  in.erase("provider");
  in["model"] = "gpt-4o-2024-08-06";
  CHECK(out == in);
}

namespace {

// parse_chat_request by the tree for sure: the tree-less reader leaves a
// member name written with an escape to the tree, which decodes it.
Result<ChatRequest> parse_by_tree(std::string_view body) {
  std::string text(body);
  if (size_t at = text.find("\"model\""); at != std::string::npos) text.replace(at, 7, "\"mod\\u0065l\"");
  return parse_chat_request(text);
}

// Bodies that read the same with and without a tree, or fail the same way.
const std::string kBodies[] = {
    body_with(""),
    body_with(R"(,"stream":true,"stream_options":{"include_usage":true,"x":[1]},"max_tokens":9,"provider":"mock")"),
    body_with(R"(,"stream":false,"stream_options":null,"max_tokens":null,"max_completion_tokens":12)"),
    body_with(R"(,"max_tokens":9223372036854775807)"),
    R"({"model":"m\u00e9\/x","messages":[{"role":"us\u0065r","content":"\ud83d\ude00 \"q\" \\ \n"}]})",
    R"( { "model" : "m" , "messages" : [ { "role" : "system" , "content" : [ {"type":"text","text":"ab"} ,)"
    R"( 7, {"text":5}, {"type":"image_url","image_url":{"url":"u"}} ] } , {"role":"tool","content":null} ] } )",
    R"({"model":"m","messages":[{"role":"assistant","content":"a","tool_calls":[{"id":"c","type":"function"}]}]})",
    // unusual: left to the tree, same answer
    R"({"model":"a","model":"b","messages":[{"role":"user","content":"hi"}]})",
    R"({"mod\u0065l":"b","messages":[{"role":"user","content":"hi"}]})",
    R"({"model":"m","messages":[{"role":"user","role":"system","content":"hi"}]})",
    R"({"model":"m","messages":[{"role":"user","content":[{"text":"a","text":"bc"}]}]})",
    R"({"model":"m","messages":[{"role":"assistant","content":"a","thinking_blocks":[]}]})",
    R"({"model":"m","messages":[{"role":"user","content":"hi"}],"stream_options":{"include_usage":1}})",
    // errors: worded by the tree either way
    R"({"model":"m","messages":[]})",
    R"({"model":"m","messages":[{"role":"robot"}]})",
    R"({"model":1})",
    body_with(R"(,"max_tokens":0)"),
    body_with(R"(,"max_tokens":1.0)"),
    body_with(R"(,"max_tokens":18446744073709551615)"),
    body_with(R"(,"stream":"yes")"),
    body_with(R"(,"provider":null)"),
    body_with(R"(,"stream_options":[])"),
    R"({"model":"m","messages":[{"role":"user","content":"\ud800"}]})",
    "[]",
    "{",
    "",
};

}  // namespace

TEST_CASE("chat request: read without a tree, a body means exactly what the tree makes of it") {
  for (const std::string& body : kBodies) {
    CAPTURE(body);
    Result<ChatRequest> read = parse_chat_request(body);
    Result<ChatRequest> tree = parse_by_tree(body);
    REQUIRE(read.ok() == tree.ok());
    if (!read.ok()) {
      CHECK(read.error().message == tree.error().message);
      CHECK(read.error().param == tree.error().param);
      continue;
    }
    CHECK(read->tree() == tree->tree());
    CHECK(read->model == tree->model);
    CHECK(read->provider_override == tree->provider_override);
    CHECK(read->stream == tree->stream);
    CHECK(read->include_usage == tree->include_usage);
    CHECK(read->max_tokens == tree->max_tokens);
    CHECK(read->prompt_tokens_estimate == tree->prompt_tokens_estimate);
    for (std::string_view native : {"native-1", "n\"q"}) {
      const JsonEdit quirks[] = {{"top_k", ""}};
      auto spliced = openai_upstream_text(*read, native, quirks);
      if (!spliced) continue;  // held as a tree: nothing to splice
      json expected = openai_upstream_body(*tree, native);
      expected.erase("top_k");
      CHECK(json::parse(*spliced) == expected);
    }
  }
}

TEST_CASE("chat request: a plain body is kept as the bytes it came in, an unusual one as a tree") {
  CHECK(parse_ok(body_with("")).text == body_with(""));
  CHECK(parse_ok(R"({"model":"a","model":"b","messages":[{"role":"user","content":"hi"}]})").text.empty());
  ChatRequest capped = parse_ok(body_with(R"(,"max_tokens":100)"));
  capped.set_max_tokens(40);
  CHECK(capped.text.empty());
  CHECK(*capped.max_tokens == 40);
  CHECK(openai_upstream_body(capped, "n")["max_tokens"] == 40);
}

TEST_CASE("chat request: a second model key in another case is refused, naming it") {
  // An upstream reading keys without case could serve "Model" while gw bills "model".
  CHECK(rejected_param(R"({"model":"gpt-4o-mini","Model":"o1","messages":[{"role":"user","content":"hi"}]})") ==
        "Model");
  CHECK(rejected_param(R"({"MODEL":"o1","model":"m","messages":[{"role":"user","content":"hi"}]})") == "MODEL");
  CHECK(rejected_param(R"({"model":"m","\u004dodel":"o1","messages":[{"role":"user","content":"hi"}]})") == "Model");
  CHECK(parse_ok(R"({"model":"m","models":"x","messages":[{"role":"user","content":"hi"}]})").model == "m");
}

}  // namespace gw
