// The exact cache's key (core/cache/cache_key.h): equal requests meet
// however their JSON is spelled; anything that changes the answer, or whose
// answer it is, keeps them apart.
#include "core/cache/cache_key.h"

#include <doctest/doctest.h>

#include <string>

namespace gw {
namespace {

const char* kBody =
    R"({"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"héllo"}],"max_tokens":64})";

std::string key(std::string_view body, std::string_view tenant = "usr_ann", std::string_view model = "openai/gpt-4o",
                std::string_view route = "/v1/chat/completions",
                std::vector<std::pair<std::string, std::string>> headers = {}) {
  auto k = cache_key(CacheKeyInput{route, model, tenant, body, std::move(headers)});
  REQUIRE(k.ok());
  return *k;
}

}  // namespace

TEST_CASE("cache key: SHA-256 hex, the same for the same request") {
  const std::string k = key(kBody);
  CHECK(k.size() == 64);
  CHECK(k.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(key(kBody) == k);
}

TEST_CASE("cache key: key order, blanks, unicode escapes and 0 vs 0.0 do not change it") {
  const std::string k = key(kBody);
  CHECK(key(R"({ "max_tokens" : 64, "messages" : [ { "content" : "h\u00e9llo", "role" : "user" } ],)"
            R"( "temperature" : 0.0, "model" : "gpt-4o" })") == k);
}

TEST_CASE("cache key: the answer's shape, user and metadata do not change it (one answer serves both shapes)") {
  const std::string k = key(kBody);
  CHECK(key(R"({"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"héllo"}],"max_tokens":64,)"
            R"("stream":true,"user":"u1","metadata":{"a":"b"}})") == k);
  CHECK(key(R"({"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"héllo"}],"max_tokens":64,)"
            R"("stream":true,"stream_options":{"include_usage":true}})") == k);
}

TEST_CASE("cache key: every field that changes the answer changes it") {
  const std::string k = key(kBody);
  for (
      const char* other : {
          R"({"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"hello"}],"max_tokens":64})",
          R"({"model":"gpt-4o","temperature":0.5,"messages":[{"role":"user","content":"héllo"}],"max_tokens":64})",
          R"({"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"héllo"}],"max_tokens":65})",
          R"({"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"héllo"}],"max_tokens":64,"seed":1})",
          R"({"model":"gpt-4o","temperature":0,"messages":[{"role":"system","content":"héllo"}],"max_tokens":64})",
          R"({"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"héllo"}],"max_tokens":64,)"
          R"("tools":[{"type":"function","function":{"name":"f"}}]})",
          R"({"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"héllo"}],"max_tokens":64,)"
          R"("response_format":{"type":"json_object"}})",
      }) {
    CAPTURE(other);
    CHECK(key(other) != k);
  }
}

TEST_CASE("cache key: never shared across tenants, models, routes or behaviour headers") {
  const std::string k = key(kBody);
  CHECK(key(kBody, "usr_bob") != k);
  CHECK(key(kBody, "usr_ann", "azure/gpt-4o") != k);
  CHECK(key(kBody, "usr_ann", "openai/gpt-4o", "/v1/responses") != k);
  CHECK(key(kBody, "usr_ann", "openai/gpt-4o", "/v1/chat/completions", {{"anthropic-beta", "x"}}) != k);
  // Header order does not matter.
  CHECK(key(kBody, "t", "m", "/r", {{"a", "1"}, {"b", "2"}}) == key(kBody, "t", "m", "/r", {{"b", "2"}, {"a", "1"}}));
}

TEST_CASE("cache key: parts cannot run into each other") {
  // A tenant spelled with a line break could not pass for another part:
  // each part is on its own labelled line and the body comes last.
  CHECK(key(kBody, "usr_ann\nmodel x") != key(kBody, "usr_ann"));
  auto text = cache_key_text(CacheKeyInput{"/r", "m", "t", R"({"b":1,"a":[1.0,2.5]})", {}});
  REQUIRE(text.ok());
  CHECK(*text == "gw-cache-key v2\nroute /r\nmodel m\ntenant t\nbody {\"a\":[1,2.5],\"b\":1}");
}

TEST_CASE("cache key: a body that is not a JSON object has none") {
  CHECK_FALSE(cache_key(CacheKeyInput{"/r", "m", "t", "[1]", {}}).ok());
  CHECK_FALSE(cache_key(CacheKeyInput{"/r", "m", "t", "{\"a\":", {}}).ok());
}

}  // namespace gw
