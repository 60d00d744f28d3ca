// Tests for core/cassette/request_key.h and the deck's ordinals: what makes
// two provider requests the same recording.
#include "core/cassette/request_key.h"

#include <doctest/doctest.h>

#include "core/cassette/cassette_deck.h"

namespace gw {
namespace {

HttpRequest post(std::string body, std::string url = "http://127.0.0.1:9/v1/chat/completions") {
  HttpRequest r;
  r.url = std::move(url);
  r.body = std::move(body);
  return r;
}

const std::vector<std::string> kIgnored = {"user", "metadata", "extra.session_id"};

}  // namespace

TEST_CASE("cassette key: key order, blanks and 1 vs 1.0 do not matter") {
  auto a = request_key("mock", post(R"({"model":"m","temperature":1,"messages":[{"role":"user","content":"hi"}]})"),
                       kIgnored);
  auto b = request_key(
      "mock",
      post("{\n  \"messages\": [ {\"content\": \"hi\", \"role\": \"user\"} ],\n \"temperature\": 1.0,\"model\":\"m\"}"),
      kIgnored);
  CHECK(a.hash == b.hash);
  CHECK(a.model == "m");
  CHECK(a.path == "/v1/chat/completions");
}

TEST_CASE("cassette key: a different body, provider or path is a different recording") {
  auto base = request_key("mock", post(R"({"model":"m","messages":[{"role":"user","content":"hi"}]})"), kIgnored);
  CHECK(request_key("mock", post(R"({"model":"m","messages":[{"role":"user","content":"ho"}]})"), kIgnored).hash !=
        base.hash);
  CHECK(request_key("openai", post(R"({"model":"m","messages":[{"role":"user","content":"hi"}]})"), kIgnored).hash !=
        base.hash);
  CHECK(request_key("mock",
                    post(R"({"model":"m","messages":[{"role":"user","content":"hi"}]})", "http://h/v1/responses"),
                    kIgnored)
            .hash != base.hash);
}

TEST_CASE("cassette key: ignored members, nested ones too, and the host and query are left out") {
  auto a = request_key("mock",
                       post(R"({"model":"m","user":"alice","metadata":{"a":1},"extra":{"session_id":"s1","keep":1}})",
                            "http://127.0.0.1:1111/v1/x?key=secret1"),
                       kIgnored);
  auto b = request_key(
      "mock",
      post(R"({"model":"m","user":"bob","extra":{"session_id":"s2","keep":1}})", "http://other:2222/v1/x?key=secret2"),
      kIgnored);
  CHECK(a.hash == b.hash);
  CHECK(a.path == "/v1/x");
  auto c =
      request_key("mock", post(R"({"model":"m","extra":{"session_id":"s2","keep":2}})", "http://h/v1/x"), kIgnored);
  CHECK(c.hash != a.hash);
}

TEST_CASE("cassette key: a multipart body matches whatever boundary the client picked") {
  auto multipart = [](const std::string& boundary) {
    HttpRequest r = post("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper\r\n--" +
                             boundary + "--\r\n",
                         "http://h/v1/audio/transcriptions");
    r.headers.add("Content-Type", "multipart/form-data; boundary=" + boundary);
    return r;
  };
  CHECK(request_key("mock", multipart("abc123"), {}).hash == request_key("mock", multipart("zzz999"), {}).hash);
}

TEST_CASE("cassette deck: repeats of one request replay their recordings in order, then the last") {
  CassetteDeck deck({}, CassetteScrubber{}, false);
  HttpRequest r = post(R"({"model":"m"})");
  RequestKey k = deck.key("mock", r);
  for (int ordinal : {0, 1}) {
    Exchange e;
    e.provider = "mock";
    e.key = k.hash;
    e.ordinal = ordinal;
    e.status = 200;
    e.body = "answer " + std::to_string(ordinal);
    deck.add(e);
  }
  CHECK(deck.next(k).recording->body == "answer 0");
  CHECK(deck.next(k).recording->body == "answer 1");
  CassetteTurn third = deck.next(k);
  CHECK(third.ordinal == 2);
  CHECK(third.recording->body == "answer 1");
}

TEST_CASE("cassette deck: with record_missing, a repeat past the recordings is recorded anew") {
  CassetteDeck deck({}, CassetteScrubber{}, true);
  RequestKey k = deck.key("mock", post(R"({"model":"m"})"));
  Exchange e;
  e.key = k.hash;
  deck.add(e);
  CHECK(deck.next(k).recording != nullptr);
  CassetteTurn second = deck.next(k);
  CHECK(second.recording == nullptr);
  CHECK(second.ordinal == 1);
}

TEST_CASE("cassette deck: a recording made under other ignored members still matches once they change") {
  // Recorded while `session` was matched ...
  CassetteDeck before({}, CassetteScrubber{}, false);
  HttpRequest recorded = post(R"({"model":"m","session":"run-1","messages":[]})");
  Exchange e;
  e.provider = "mock";
  e.method = "POST";
  e.path = "/v1/chat/completions";
  e.request_headers = {{"Content-Type", "application/json"}};
  e.request_body = recorded.body;
  e.key = before.key("mock", recorded).hash;
  e.status = 200;
  e.body = "answer";
  // ... replayed with `session` ignored ([cassette] match_ignore): another run's id matches.
  CassetteDeck after({"session"}, CassetteScrubber{}, false);
  after.add(e);
  CHECK(after.size() == 1);
  CHECK(after.providers() == std::set<std::string, std::less<>>{"mock"});
  RequestKey live = after.key("mock", post(R"({"model":"m","session":"run-2","messages":[]})"));
  CHECK(live.hash != e.key);
  CassetteTurn turn = after.next(live);
  REQUIRE(turn.recording != nullptr);
  CHECK(turn.recording->body == "answer");
  // The key it was recorded with still finds it too.
  CHECK(after.next(before.key("mock", recorded)).recording != nullptr);
  // Something else still misses, and the miss names it.
  RequestKey other = after.key("mock", post(R"({"model":"m","session":"run-2","messages":[1]})"));
  CHECK(after.next(other).recording == nullptr);
  CHECK(after.miss(other).find("+messages[0]: 1") != std::string::npos);
}

TEST_CASE("ignored members: names with dots are fine; blanks, brackets and empty parts are not") {
  for (std::string_view good : {"user", "metadata", "metadata.session_id", "a-b_c.d1"}) {
    CAPTURE(good);
    CHECK(check_ignored_member(good));
  }
  for (std::string_view bad : {"", ".user", "user.", "a..b", "a b", "messages[0]", "\"q\""}) {
    CAPTURE(bad);
    auto st = check_ignored_member(bad);
    REQUIRE_FALSE(st);
    CHECK(st.error().kind == ErrorKind::kConfig);
  }
}

}  // namespace gw
