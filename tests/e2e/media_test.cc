// E2E: gw serve proxies /v1/embeddings, /v1/images/generations and
// /v1/audio/transcriptions (a real multipart upload) to gw mock, and refuses
// invalid requests and models of the wrong modality with OpenAI-shaped 400s.
#include <doctest/doctest.h>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;
using nlohmann::json;

namespace {

httplib::Result post_json(httplib::Client& c, const std::string& path, const json& body) {
  return c.Post(path.c_str(), body.dump(), "application/json");
}

// The body of the last request the mock received, and its path.
json last_mock_request(const Stack& stack) {
  auto m = client(stack.mock.port());
  return json_of(m.Get("/_mock/stats"))["last_request"];
}

void check_invalid(const httplib::Result& r, const std::string& param) {
  REQUIRE(r);
  CHECK(r->status == 400);
  auto j = json_of(r);
  CHECK(j["error"]["type"] == "invalid_request_error");
  CHECK(j["error"]["param"] == param);
  CHECK(!r->get_header_value("x-request-id").empty());
}

httplib::MultipartFormDataItems upload(const std::string& model, const std::string& audio,
                                       const std::string& response_format = "") {
  httplib::MultipartFormDataItems items = {{"file", audio, "hello.wav", "audio/wav"}, {"model", model, "", ""}};
  if (!response_format.empty()) items.push_back({"response_format", response_format, "", ""});
  return items;
}

}  // namespace

TEST_CASE("embeddings through gw come from the mock: deterministic vectors, usage and gw's headers") {
  Stack stack;
  auto c = client(stack.serve.port());
  json body = {{"model", "mock/embed"}, {"input", {"alpha", "beta"}}};
  auto r = post_json(c, "/v1/embeddings", body);
  REQUIRE(r);
  REQUIRE(r->status == 200);
  auto j = json_of(r);
  CHECK(j["object"] == "list");
  REQUIRE(j["data"].size() == 2);
  CHECK(j["data"][0]["embedding"].size() == 8);
  CHECK(j["data"][0]["embedding"] != j["data"][1]["embedding"]);
  CHECK(j["usage"]["prompt_tokens"].get<int>() > 0);
  CHECK(r->get_header_value("x-gw-provider") == "mock");
  CHECK(r->get_header_value("x-gw-model") == "mock/embed");
  CHECK(r->get_header_value("x-request-id").rfind("req_", 0) == 0);

  // The provider got its native id, without gw's own fields.
  json sent = last_mock_request(stack);
  CHECK(sent["path"] == "/v1/embeddings");
  CHECK(json::parse(sent["body"].get<std::string>())["model"] == "embed");

  // The same input gives the same vectors, through an alias too.
  auto again = post_json(c, "/v1/embeddings", {{"model", "embed"}, {"input", {"beta"}}, {"provider", "mock"}});
  REQUIRE(again);
  REQUIRE(again->status == 200);
  CHECK(json_of(again)["data"][0]["embedding"] == j["data"][1]["embedding"]);
  CHECK_FALSE(json::parse(last_mock_request(stack)["body"].get<std::string>()).contains("provider"));
}

TEST_CASE("image generation through gw returns n images") {
  Stack stack;
  auto c = client(stack.serve.port());
  auto r = post_json(c, "/v1/images/generations",
                     {{"model", "mock/image"}, {"prompt", "a lighthouse"}, {"n", 2}, {"response_format", "b64_json"}});
  REQUIRE(r);
  REQUIRE(r->status == 200);
  auto j = json_of(r);
  REQUIRE(j["data"].size() == 2);
  CHECK(j["data"][0]["b64_json"].get<std::string>().rfind("iVBORw0KGgo", 0) == 0);  // PNG signature
  CHECK(r->get_header_value("x-gw-provider") == "mock");
}

TEST_CASE("a transcription upload through gw reaches the mock with the native model id") {
  Stack stack;
  auto c = client(stack.serve.port());
  std::string audio(1234, '\0');
  for (size_t i = 0; i < audio.size(); ++i) audio[i] = static_cast<char>(i * 7);
  auto r = c.Post("/v1/audio/transcriptions", upload("mock/whisper", audio));
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  CHECK(json_of(r)["text"] == "mock transcription of hello.wav (1234 bytes)");
  CHECK(r->get_header_value("x-gw-provider") == "mock");
  CHECK(r->get_header_value("x-gw-model") == "mock/whisper");
  // (The mock's stats show binary bytes as U+FFFD; the size above is the check.)
  std::string sent = last_mock_request(stack)["body"].get<std::string>();
  CHECK(sent.find("name=\"model\"\r\n\r\nwhisper\r\n") != std::string::npos);
}

TEST_CASE("a transcription with response_format text comes back as text/plain") {
  Stack stack;
  auto c = client(stack.serve.port());
  auto r = c.Post("/v1/audio/transcriptions", upload("mock/whisper", "abc", "text"));
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  CHECK(r->get_header_value("Content-Type").rfind("text/plain", 0) == 0);
  CHECK(r->body == "mock transcription of hello.wav (3 bytes)");
  // gw asked the provider for JSON and rendered the text itself.
  std::string sent = last_mock_request(stack)["body"].get<std::string>();
  CHECK(sent.find("name=\"response_format\"\r\n\r\njson\r\n") != std::string::npos);
  CHECK(sent.find("filename=\"hello.wav\"\r\nContent-Type: audio/wav\r\n\r\nabc\r\n") != std::string::npos);
}

TEST_CASE("invalid media requests are 400s naming the offending field") {
  Stack stack;
  auto c = client(stack.serve.port());
  check_invalid(post_json(c, "/v1/embeddings", {{"model", "mock/embed"}}), "input");
  check_invalid(post_json(c, "/v1/embeddings", {{"input", "x"}}), "model");
  check_invalid(post_json(c, "/v1/embeddings", {{"model", "mock/embed"}, {"input", {"a", 2}}}), "input[1]");
  check_invalid(post_json(c, "/v1/embeddings", {{"model", "mock/embed"}, {"input", "x"}, {"encoding_format", "hex"}}),
                "encoding_format");
  check_invalid(post_json(c, "/v1/images/generations", {{"prompt", "x"}}), "model");
  check_invalid(post_json(c, "/v1/images/generations", {{"model", "mock/image"}, {"prompt", "x"}, {"n", 11}}), "n");
  check_invalid(post_json(c, "/v1/images/generations", {{"model", "mock/image"}}), "prompt");
  check_invalid(post_json(c, "/v1/images/generations", {{"model", "mock/image"}, {"prompt", "x"}, {"size", "big"}}),
                "size");
  // A JSON body is not an upload: 415, before the route reads it (docs/serve.md).
  auto json_upload = post_json(c, "/v1/audio/transcriptions", {{"model", "mock/whisper"}});
  REQUIRE(json_upload);
  CHECK(json_upload->status == 415);
  CHECK(json_of(json_upload)["error"]["code"] == "unsupported_content_type");
  check_invalid(c.Post("/v1/audio/transcriptions", httplib::MultipartFormDataItems{{"model", "mock/whisper", "", ""}}),
                "file");
  check_invalid(c.Post("/v1/audio/transcriptions", upload("", "abc")), "model");
  check_invalid(c.Post("/v1/audio/transcriptions", upload("mock/whisper", "abc", "srt")), "response_format");
  // Nothing invalid reached the provider.
  CHECK(json_of(client(stack.mock.port()).Get("/_mock/stats"))["requests"] == 0);
}

TEST_CASE("a model that does not produce what the route does is refused") {
  Stack stack;
  auto c = client(stack.serve.port());
  auto r = post_json(c, "/v1/embeddings", {{"model", "mock/echo"}, {"input", "x"}});
  check_invalid(r, "model");
  CHECK(json_of(r)["error"]["message"].get<std::string>().find("model mock/echo does not produce embeddings") == 0);
  check_invalid(post_json(c, "/v1/images/generations", {{"model", "mock/embed"}, {"prompt", "x"}}), "model");
  check_invalid(c.Post("/v1/audio/transcriptions", upload("mock/image", "abc")), "model");
  CHECK(json_of(client(stack.mock.port()).Get("/_mock/stats"))["requests"] == 0);
}

TEST_CASE("an unknown media model is a 404 like chat's") {
  Stack stack;
  auto c = client(stack.serve.port());
  auto r = post_json(c, "/v1/embeddings", {{"model", "acme/nothing"}, {"input", "x"}});
  REQUIRE(r);
  CHECK(r->status == 404);
}
