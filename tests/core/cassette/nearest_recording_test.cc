// Tests for core/cassette/nearest_recording.h: a miss names the closest
// recording and says what changed.
#include "core/cassette/nearest_recording.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

Exchange recorded(std::string provider, std::string path, std::string body) {
  Exchange e;
  e.provider = std::move(provider);
  e.method = "POST";
  e.path = std::move(path);
  e.request_body = std::move(body);
  e.model = "m";
  e.key = std::string(64, 'a');
  return e;
}

RequestKey live(const std::string& body) {
  HttpRequest r;
  r.url = "http://h/v1/chat/completions";
  r.body = body;
  return request_key("mock", r, {"user"});
}

}  // namespace

TEST_CASE("nearest recording: same provider and route first, then the fewest differences") {
  Exchange far = recorded("mock", "/v1/chat/completions", R"({"model":"m","messages":[{"content":"x"}],"t":9,"u":1})");
  Exchange near = recorded("mock", "/v1/chat/completions", R"({"model":"m","messages":[{"content":"hello"}]})");
  Exchange other = recorded("openai", "/v1/chat/completions", R"({"model":"m","messages":[{"content":"hullo"}]})");
  auto key = live(R"({"model":"m","messages":[{"content":"hullo"}]})");
  CHECK(nearest_recording(key, {&far, &near, &other}, {}) == &near);
  CHECK(nearest_recording(key, {}, {}) == nullptr);
}

TEST_CASE("nearest recording: the diff names changed, added and removed members; ignored ones are left out") {
  Exchange e = recorded("mock", "/v1/chat/completions",
                        R"({"model":"m","user":"a","temperature":0.5,"messages":[{"content":"hello"}]})");
  auto lines =
      request_diff(e, live(R"({"model":"m","user":"b","max_tokens":5,"messages":[{"content":"hullo"}]})"), {"user"});
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "  messages[0].content: \"hello\" -> \"hullo\"");
  CHECK(lines[1] == "  -temperature: 0.5");
  CHECK(lines[2] == "  +max_tokens: 5");
}

TEST_CASE("nearest recording: the miss message names the file and the difference") {
  Exchange e = recorded("mock", "/v1/chat/completions", R"({"model":"m","messages":[{"content":"hello"}]})");
  auto key = live(R"({"model":"m","messages":[{"content":"bye"}]})");
  std::string text = miss_message(key, &e, {});
  CHECK(text.find("cassette miss: no recording of POST /v1/chat/completions to provider mock for model m") == 0);
  CHECK(text.find("nearest: " + e.file_name()) != std::string::npos);
  CHECK(text.find("\n  messages[0].content: \"hello\" -> \"bye\"") != std::string::npos);
  CHECK(miss_message(key, nullptr, {}).find("has no recordings") != std::string::npos);
}

}  // namespace gw
