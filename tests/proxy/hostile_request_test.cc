// Requests built to break gw's JSON handling, through the whole in-process
// gateway: each gets a 4xx in the caller's dialect, never a 500 or a crash.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/http/multipart.h"
#include "tests/support/gateway_harness.h"

using nlohmann::json;

namespace gw {
namespace {

const std::string kBom = "\xEF\xBB\xBF";
const std::string kChat = R"({"model":"mock/echo","messages":[{"role":"user","content":"hi"}]})";

json error_of(const Reply& r) {
  json j = json::parse(r.body, nullptr, false);
  REQUIRE_MESSAGE(j.is_object(), r.body);
  return j;
}

}  // namespace

TEST_CASE("a body starting with a byte order mark is invalid JSON, in the caller's dialect") {
  GatewayHarness h(Config{}, {.env = {}});
  // Before: a shallow body with a BOM was served; a deep one skipped the depth check.
  std::string deep = std::string(20000, '[') + std::string(20000, ']');
  for (const std::string& body :
       {kBom + kChat,
        kBom + R"({"model":"mock/echo","messages":[{"role":"user","content":"hi"}],"metadata":)" + deep + "}"}) {
    Reply openai = h.request("POST", "/v1/chat/completions", body);
    CHECK(openai.status == 400);
    CHECK(error_of(openai)["error"]["type"] == "invalid_request_error");
    CHECK(error_of(openai)["error"]["message"].get<std::string>().find("byte order mark") != std::string::npos);
    Reply anthropic = h.request("POST", "/v1/messages", body);
    CHECK(anthropic.status == 400);
    CHECK(error_of(anthropic)["type"] == "error");
    CHECK(error_of(anthropic)["error"]["type"] == "invalid_request_error");
  }
  CHECK(h.request("POST", "/v1/chat/completions", kChat).status == 200);
}

TEST_CASE("invalid UTF-8 in a path or a model name is a 4xx JSON error, not a 500") {
  GatewayHarness h(Config{}, {.env = {}});
  Reply route = h.request("GET", "/v1/nothing\xff\xfe");
  CHECK(route.status == 404);
  CHECK(error_of(route)["error"]["message"].get<std::string>().find("\xEF\xBF\xBD") != std::string::npos);  // U+FFFD
  Reply model = h.get("/v1/models/mock/\xc3\x28");
  CHECK(model.status == 404);
  CHECK(error_of(model).contains("error"));
  Reply messages = h.request("POST", "/v1/messages/\xff");
  CHECK(messages.status == 404);
  CHECK(error_of(messages)["type"] == "error");
  // A form field is not JSON: nothing validated its bytes before the error quoted them.
  std::vector<MultipartPart> parts = {{"file", "a.mp3", "audio/mpeg", "abc"}, {"model", "", "", "whisper\xff"}};
  std::string boundary = choose_boundary(parts);
  Headers headers;
  headers.add("Content-Type", multipart_content_type(boundary));
  Reply upload = h.request("POST", "/v1/audio/transcriptions", encode_multipart(parts, boundary), "", headers);
  CHECK(upload.status == 404);
  CHECK(error_of(upload)["error"]["code"] == "model_not_found");
}

TEST_CASE("an upload whose boundary holds a bare CR is a 400 and never reaches a provider") {
  GatewayHarness h;
  std::vector<MultipartPart> parts = {{"file", "a.mp3", "audio/mpeg", "abc"}, {"model", "", "", "whisper-1"}};
  for (std::string boundary : {std::string("gw\rX-Injected: 1"), std::string("gw\nb")}) {
    Headers headers;
    headers.add("Content-Type", "multipart/form-data; boundary=\"" + boundary + "\"");
    // Before: the body was forwarded with the CR inside the upstream's Content-Type.
    Reply r = h.request("POST", "/v1/audio/transcriptions", encode_multipart(parts, boundary), "", headers);
    CHECK(r.status == 400);
    CHECK(error_of(r)["error"]["message"].get<std::string>().find("boundary") != std::string::npos);
  }
  CHECK(h.net.requests().empty());
}

TEST_CASE("a second model key in another case is refused before any provider sees it") {
  GatewayHarness h;
  for (const char* path : {"/v1/chat/completions", "/v1/responses", "/v1/messages", "/v1/embeddings"}) {
    INFO(path);
    json body = {{"model", "gpt-4o"},
                 {"Model", "o1"},
                 {"max_tokens", 5},
                 {"messages", {{{"role", "user"}, {"content", "hi"}}}},
                 {"input", "hi"}};
    Reply r = h.request("POST", path, body.dump());
    CHECK(r.status == 400);
    CHECK(r.body.find("Model") != std::string::npos);
  }
  CHECK(h.net.requests().empty());
}

}  // namespace gw
