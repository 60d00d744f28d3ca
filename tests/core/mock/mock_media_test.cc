// Tests for the mock's media endpoints (core/mock/mock_media.cc, routed by
// core/mock/mock_upstream.h): deterministic embeddings, tiny images and
// transcriptions of multipart uploads with OpenAI's usage shapes, and 400s
// for bad input.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "core/http/multipart.h"
#include "core/mock/mock_upstream.h"

namespace gw {
namespace {

using nlohmann::json;

MockReply post(MockUpstream& mock, std::string_view path, const json& body, const Headers& headers = {}) {
  return mock.handle("POST", path, headers, body.dump());
}

json ok_json(const MockReply& r) {
  REQUIRE_MESSAGE(r.status == 200, r.body);
  json j = json::parse(r.body, nullptr, false);
  REQUIRE_MESSAGE(j.is_object(), r.body);
  return j;
}

// The param named by a 400's OpenAI error body.
std::string bad_param(const MockReply& r) {
  REQUIRE(r.status == 400);
  json j = json::parse(r.body);
  REQUIRE(j.contains("error"));
  CHECK(j["error"]["type"] == "invalid_request_error");
  return j["error"]["param"].is_string() ? j["error"]["param"].get<std::string>() : "";
}

std::string base64_decode(const std::string& in) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    size_t v = kAlphabet.find(c);
    REQUIRE(v != std::string::npos);
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

std::vector<double> vector_of(const json& data_item) { return data_item["embedding"].get<std::vector<double>>(); }

// A transcription upload with the given extra text fields.
MockReply transcribe(MockUpstream& mock, const std::string& audio, std::vector<MultipartPart> fields = {}) {
  std::vector<MultipartPart> parts = {{"file", "talk.mp3", "audio/mpeg", audio}, {"model", "", "", "whisper"}};
  for (auto& f : fields) parts.push_back(std::move(f));
  std::string boundary = choose_boundary(parts);
  Headers h;
  h.add("Content-Type", multipart_content_type(boundary));
  return mock.handle("POST", "/v1/audio/transcriptions", h, encode_multipart(parts, boundary));
}

}  // namespace

TEST_CASE("mock embeddings: one unit vector of 8 floats per input, the same for the same text") {
  MockUpstream mock;
  json j = ok_json(post(mock, "/v1/embeddings", {{"model", "embed"}, {"input", {"hello", "world", "hello"}}}));
  CHECK(j["object"] == "list");
  CHECK(j["model"] == "embed");
  REQUIRE(j["data"].size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(j["data"][i]["object"] == "embedding");
    CHECK(j["data"][i]["index"] == i);
    auto v = vector_of(j["data"][i]);
    REQUIRE(v.size() == 8);
    double norm = 0;
    for (double x : v) norm += x * x;
    CHECK(std::sqrt(norm) == doctest::Approx(1.0).epsilon(1e-6));
  }
  CHECK(vector_of(j["data"][0]) == vector_of(j["data"][2]));
  CHECK(vector_of(j["data"][0]) != vector_of(j["data"][1]));
  // And across requests.
  json again = ok_json(post(mock, "/v1/embeddings", {{"model", "embed"}, {"input", "hello"}}));
  CHECK(vector_of(again["data"][0]) == vector_of(j["data"][0]));
}

TEST_CASE("mock embeddings: usage counts ~4 characters a token, and exact tokens for token arrays") {
  MockUpstream mock;
  json j = ok_json(post(mock, "/v1/embeddings", {{"model", "embed"}, {"input", {"12345678", "1234"}}}));
  CHECK(j["usage"]["prompt_tokens"] == 3);
  CHECK(j["usage"]["total_tokens"] == 3);
  json tokens = ok_json(post(mock, "/v1/embeddings", {{"model", "embed"}, {"input", {{1, 2, 3}, {4, 5}}}}));
  CHECK(tokens["data"].size() == 2);
  CHECK(tokens["usage"]["prompt_tokens"] == 5);
  Headers no_usage;
  no_usage.add("x-mock-no-usage", "1");
  CHECK_FALSE(ok_json(post(mock, "/v1/embeddings", {{"input", "x"}}, no_usage)).contains("usage"));
}

TEST_CASE("mock embeddings: base64 encoding packs the same floats as little-endian float32") {
  MockUpstream mock;
  json floats = ok_json(post(mock, "/v1/embeddings", {{"model", "embed"}, {"input", "pack me"}}));
  json packed =
      ok_json(post(mock, "/v1/embeddings", {{"model", "embed"}, {"input", "pack me"}, {"encoding_format", "base64"}}));
  std::string bytes = base64_decode(packed["data"][0]["embedding"].get<std::string>());
  REQUIRE(bytes.size() == 8 * 4);
  auto v = vector_of(floats["data"][0]);
  for (size_t i = 0; i < 8; ++i) {
    uint32_t u = 0;
    for (int b = 3; b >= 0; --b) u = (u << 8) | static_cast<uint8_t>(bytes[i * 4 + b]);
    float f;
    std::memcpy(&f, &u, sizeof f);
    CHECK(static_cast<double>(f) == v[i]);
  }
}

TEST_CASE("mock embeddings: dimensions sets the vector length") {
  MockUpstream mock;
  json j = ok_json(post(mock, "/v1/embeddings", {{"model", "embed"}, {"input", "x"}, {"dimensions", 3}}));
  CHECK(vector_of(j["data"][0]).size() == 3);
}

TEST_CASE("mock embeddings: bad input is a 400 naming the field") {
  MockUpstream mock;
  CHECK(bad_param(post(mock, "/v1/embeddings", {{"model", "embed"}})) == "input");
  CHECK(bad_param(post(mock, "/v1/embeddings", {{"model", "embed"}, {"input", json::array()}})) == "input");
  CHECK(bad_param(post(mock, "/v1/embeddings", {{"model", "embed"}, {"input", {"a", 1.5}}})) == "input");
  CHECK(bad_param(post(mock, "/v1/embeddings", {{"input", "a"}, {"encoding_format", "hex"}})) == "encoding_format");
  CHECK(bad_param(post(mock, "/v1/embeddings", {{"input", "a"}, {"dimensions", 0}})) == "dimensions");
  CHECK(mock.handle("POST", "/v1/embeddings", {}, "not json").status == 400);
}

TEST_CASE("mock images: n images as URLs by default, or as a 1x1 PNG in base64") {
  MockUpstream mock;
  json urls = ok_json(post(mock, "/v1/images/generations", {{"model", "image"}, {"prompt", "a cat"}, {"n", 2}}));
  CHECK(urls["created"].is_number_integer());
  REQUIRE(urls["data"].size() == 2);
  CHECK(urls["data"][0]["url"] == "http://127.0.0.1/mock.png");
  json b64 = ok_json(
      post(mock, "/v1/images/generations", {{"model", "image"}, {"prompt", "a cat"}, {"response_format", "b64_json"}}));
  REQUIRE(b64["data"].size() == 1);
  std::string png = base64_decode(b64["data"][0]["b64_json"].get<std::string>());
  CHECK(png.rfind("\x89PNG\r\n\x1a\n", 0) == 0);
  CHECK(png.find("IEND") != std::string::npos);
}

TEST_CASE("mock images: usage in gpt-image-1's shape, 272 output tokens an image; x-mock-no-usage leaves it out") {
  MockUpstream mock;
  json j = ok_json(post(mock, "/v1/images/generations", {{"model", "image"}, {"prompt", "a red cat"}, {"n", 3}}));
  CHECK(j["usage"]["input_tokens"] == 3);  // 9 characters, ~4 a token
  CHECK(j["usage"]["input_tokens_details"]["text_tokens"] == 3);
  CHECK(j["usage"]["output_tokens"] == 3 * 272);
  CHECK(j["usage"]["total_tokens"] == 3 + 3 * 272);
  Headers no_usage;
  no_usage.add("x-mock-no-usage", "1");
  CHECK_FALSE(ok_json(post(mock, "/v1/images/generations", {{"prompt", "x"}}, no_usage)).contains("usage"));
}

TEST_CASE("mock images: a missing prompt, a bad n or a bad response_format is a 400 naming the field") {
  MockUpstream mock;
  CHECK(bad_param(post(mock, "/v1/images/generations", {{"model", "image"}})) == "prompt");
  CHECK(bad_param(post(mock, "/v1/images/generations", {{"prompt", "x"}, {"n", 11}})) == "n");
  CHECK(bad_param(post(mock, "/v1/images/generations", {{"prompt", "x"}, {"n", 0}})) == "n");
  CHECK(bad_param(post(mock, "/v1/images/generations", {{"prompt", "x"}, {"response_format", "gif"}})) ==
        "response_format");
}

TEST_CASE("mock transcription: the text names the uploaded file and its size") {
  MockUpstream mock;
  json j = ok_json(transcribe(mock, std::string("\0\1\2\3\4", 5)));
  CHECK(j["text"] == "mock transcription of talk.mp3 (5 bytes)");
}

TEST_CASE("mock transcription: the upload counts as 128 kbit/s audio, reported as a duration usage") {
  MockUpstream mock;
  json j = ok_json(transcribe(mock, std::string(48'000, 'a')));
  CHECK(j["usage"]["type"] == "duration");
  CHECK(j["usage"]["seconds"] == 3.0);
  CHECK(ok_json(transcribe(mock, std::string(8'000, 'a')))["usage"]["seconds"] == 0.5);
  json verbose = ok_json(transcribe(mock, std::string(24'000, 'a'), {{"response_format", "", "", "verbose_json"}}));
  CHECK(verbose["duration"] == 1.5);
  CHECK(verbose["usage"]["seconds"] == 1.5);
  CHECK(verbose["segments"][0]["end"] == 1.5);
  Headers h;
  h.add("x-mock-no-usage", "1");
  std::vector<MultipartPart> parts = {{"file", "a.wav", "", std::string(16'000, 'a')}, {"model", "", "", "whisper"}};
  h.add("Content-Type", multipart_content_type("b"));
  json bare = ok_json(mock.handle("POST", "/v1/audio/transcriptions", h, encode_multipart(parts, "b")));
  CHECK_FALSE(bare.contains("usage"));
}

TEST_CASE("mock transcription: response_format text answers text/plain; verbose_json adds segments") {
  MockUpstream mock;
  MockReply text = transcribe(mock, "abc", {{"response_format", "", "", "text"}});
  REQUIRE(text.status == 200);
  CHECK(text.content_type.rfind("text/plain", 0) == 0);
  CHECK(text.body == "mock transcription of talk.mp3 (3 bytes)");
  json verbose =
      ok_json(transcribe(mock, "abc", {{"response_format", "", "", "verbose_json"}, {"language", "", "", "de"}}));
  CHECK(verbose["text"] == "mock transcription of talk.mp3 (3 bytes)");
  CHECK(verbose["language"] == "de");
  CHECK(verbose["segments"].size() == 1);
}

TEST_CASE("mock transcription: a body that is not multipart, or lacks file or model, is a 400") {
  MockUpstream mock;
  CHECK(bad_param(post(mock, "/v1/audio/transcriptions", {{"model", "whisper"}})) == "file");
  std::vector<MultipartPart> no_file = {{"model", "", "", "whisper"}};
  Headers h;
  h.add("Content-Type", multipart_content_type("b"));
  CHECK(bad_param(mock.handle("POST", "/v1/audio/transcriptions", h, encode_multipart(no_file, "b"))) == "file");
  std::vector<MultipartPart> no_model = {{"file", "a.wav", "", "x"}};
  CHECK(bad_param(mock.handle("POST", "/v1/audio/transcriptions", h, encode_multipart(no_model, "b"))) == "model");
  CHECK(bad_param(transcribe(mock, "x", {{"response_format", "", "", "srt"}})) == "response_format");
}

TEST_CASE("mock media: scripted failures and latency apply to the media endpoints too") {
  MockUpstream mock;
  Headers h;
  h.add("x-mock-status", "503");
  MockReply failed = post(mock, "/v1/embeddings", {{"input", "x"}}, h);
  CHECK(failed.status == 503);
  Headers slow;
  slow.add("x-mock-latency-ms", "25");
  CHECK(post(mock, "/v1/images/generations", {{"prompt", "x"}}, slow).latency_ms == 25);
}

}  // namespace gw
