// Tests for proxy/cassette: recording through a fake provider into a store
// in memory, then replaying it with no provider at all - same status,
// headers, bytes and frames - and what a miss and the pacing do.
#include "proxy/cassette/cassette_player.h"

#include <doctest/doctest.h>

#include <functional>

#include "core/cassette/cassette_lint.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_http_client.h"
#include "tests/support/memory_cassette_store.h"

namespace gw {
namespace {

const std::string kKey = "sk-proj-FAKEFAKEFAKEFAKE1234567890";

struct Bench {
  FakeClock clock;
  FakeHttpClient net;
  FakeHttpClient mock;
  MemoryCassetteStore* store = nullptr;  // owned by the player
  ProviderRegistry providers{ProviderSettingsMap{}, [](const char* n) -> const char* {
                               return std::string_view(n) == "OPENAI_API_KEY" ? kKey.c_str() : nullptr;
                             }};

  std::unique_ptr<CassettePlayer> player(CassetteMode mode, const MemoryCassetteStore* from = nullptr,
                                         double speed = 0) {
    auto s = std::make_unique<MemoryCassetteStore>();
    if (from)
      for (const auto& [name, text] : from->files()) (void)s->write(name, text);
    store = s.get();
    CassetteOptions o;
    o.mode = mode;
    o.replay_speed = speed;
    auto p = CassettePlayer::create(o, providers, net, mock, clock, {{"OPENAI_API_KEY", kKey}}, std::move(s));
    REQUIRE(p);
    return std::move(p).value();
  }
};

HttpRequest chat(const std::string& text, bool stream = false) {
  HttpRequest r;
  r.url = "https://api.openai.com/v1/chat/completions";
  r.headers.add("Authorization", "Bearer " + kKey);
  r.body = R"({"model":"gpt-4o","stream":)" + std::string(stream ? "true" : "false") +
           R"(,"messages":[{"role":"user","content":")" + text + R"("}]})";
  return r;
}

std::vector<std::string> chunks_of(ResponseStream& s) {
  std::vector<std::string> out;
  std::string chunk;
  while (s.next(chunk)) out.push_back(chunk);
  return out;
}

// Records `request` (answered by what `script` queued on b.net) into `recorded`.
void record_one(Bench& b, const HttpRequest& request, const std::function<void()>& script,
                MemoryCassetteStore& recorded) {
  auto rec = b.player(CassetteMode::kRecord);
  script();
  auto r = rec->client("openai")->open(request);
  if (r) chunks_of(**r);
  REQUIRE(rec->flush());
  for (const auto& [name, text] : b.store->files()) (void)recorded.write(name, text);
}

Headers sse() {
  Headers h;
  h.add("Content-Type", "text/event-stream");
  return h;
}

}  // namespace

TEST_CASE("cassette player: what was recorded replays with no provider, frame by frame") {
  Bench b;
  MemoryCassetteStore recorded;
  {
    auto rec = b.player(CassetteMode::kRecord);
    b.net.respond(200, R"({"id":"a","usage":{"prompt_tokens":1}})");
    b.net.respond_stream(200, {"data: {\"n\":1}\n\n", "data: {\"n\":2}\n\n", "data: [DONE]\n\n"}, false, sse());
    auto whole = rec->client("openai")->open(chat("hi"));
    REQUIRE(whole);
    CHECK(chunks_of(**whole) == std::vector<std::string>{R"({"id":"a","usage":{"prompt_tokens":1}})"});
    auto streamed = rec->client("openai")->open(chat("hi", true));
    REQUIRE(streamed);
    CHECK(chunks_of(**streamed).size() == 3);
    REQUIRE(rec->flush());
    for (const auto& [file, text] : b.store->files()) {
      const std::string& name = file;  // clang 14: doctest's lambdas cannot capture a structured binding
      CAPTURE(name);
      (void)recorded.write(name, text);
      CHECK(text.find(kKey) == std::string::npos);
      CHECK(lint_cassette(text).empty());
    }
    CHECK(recorded.files().size() == 2);
  }
  auto play = b.player(CassetteMode::kReplay, &recorded);
  const size_t asked = b.net.requests().size();
  auto whole = play->client("openai")->open(chat("hi"));
  REQUIRE(whole);
  CHECK((*whole)->status() == 200);
  CHECK(chunks_of(**whole) == std::vector<std::string>{R"({"id":"a","usage":{"prompt_tokens":1}})"});
  auto streamed = play->client("openai")->open(chat("hi", true));
  REQUIRE(streamed);
  CHECK((*streamed)->headers().get("content-type") == "text/event-stream");
  CHECK(chunks_of(**streamed) ==
        std::vector<std::string>{"data: {\"n\":1}\n\n", "data: {\"n\":2}\n\n", "data: [DONE]\n\n"});
  CHECK(b.net.requests().size() == asked);  // the provider was never called
}

TEST_CASE("cassette player: a strict miss is a cassette_miss naming the nearest recording") {
  Bench b;
  MemoryCassetteStore recorded;
  record_one(
      b, chat("hello"), [&] { b.net.respond(200, "{}"); }, recorded);
  auto play = b.player(CassetteMode::kReplay, &recorded);
  auto miss = play->client("openai")->open(chat("hullo"));
  REQUIRE(!miss);
  CHECK(miss.error().kind == ErrorKind::kCassetteMiss);  // typed: no provider answer can be one
  CHECK(miss.error().code == "cassette_miss");
  CHECK(miss.error().http_status() == 404);
  CHECK(miss.error().message.find("nearest: openai_v1-chat-completions_gpt-4o_") != std::string::npos);
  CHECK(miss.error().message.find("messages[0].content: \"hello\" -> \"hullo\"") != std::string::npos);
}

TEST_CASE("cassette player: --record-missing replays what exists and records the rest") {
  Bench b;
  auto p = b.player(CassetteMode::kReplayAndRecord);
  b.net.respond(200, "{\"first\":1}");
  auto r = p->client("openai")->open(chat("new"));
  REQUIRE(r);
  chunks_of(**r);
  auto again = p->client("openai")->open(chat("new"));  // ordinal 1: not recorded yet, asks the provider
  CHECK(!again);                                        // the fake has nothing more scripted
  REQUIRE(p->flush());
  CHECK(b.store->files().size() == 2);  // the answer and the failure to connect
}

TEST_CASE("cassette player: a connection failure is recorded and replayed as one") {
  Bench b;
  MemoryCassetteStore recorded;
  record_one(
      b, chat("x"), [&] { b.net.fail(make_error(ErrorKind::kUnavailable, "connection refused")); }, recorded);
  auto play = b.player(CassetteMode::kReplay, &recorded);
  auto r = play->client("openai")->open(chat("x"));
  REQUIRE(!r);
  CHECK(r.error().kind == ErrorKind::kUnavailable);
  CHECK(r.error().message == "connection refused");
}

TEST_CASE("cassette player: --replay-speed paces frames by the recorded gaps through the clock") {
  Bench b;
  Exchange e;
  e.provider = "openai";
  HttpRequest req = chat("s", true);
  e.key = request_key("openai", req, {"user", "metadata"}).hash;
  e.method = "POST";
  e.path = "/v1/chat/completions";
  e.status = 200;
  e.streamed = true;
  e.frames = {{0, "data: 1\n\n"}, {100, "data: 2\n\n"}, {300, "data: 3\n\n"}};
  MemoryCassetteStore recorded;
  (void)recorded.write(e.file_name(), exchange_to_text(e));
  for (double speed : {0.0, 1.0, 2.0}) {
    CAPTURE(speed);
    auto play = b.player(CassetteMode::kReplay, &recorded, speed);
    int64_t t0 = b.clock.steady_ns();
    auto r = play->client("openai")->open(req);
    REQUIRE(r);
    CHECK(chunks_of(**r).size() == 3);
    int64_t waited_ms = (b.clock.steady_ns() - t0) / 1'000'000;
    CHECK(waited_ms == (speed == 0 ? 0 : static_cast<int64_t>(300 / speed)));
  }
}

TEST_CASE("cassette player: replaying a directory that does not exist fails at start") {
  FakeClock clock;
  FakeHttpClient net;
  ProviderRegistry providers{ProviderSettingsMap{}, [](const char*) -> const char* { return nullptr; }};
  CassetteOptions o;
  o.mode = CassetteMode::kReplay;
  o.dir = "/nonexistent/gw-cassettes";
  auto p = CassettePlayer::create(o, providers, net, net, clock, {});
  REQUIRE(!p);
  CHECK(p.error().message.find("/nonexistent/gw-cassettes") != std::string::npos);
}

TEST_CASE("cassette player: the recording and every replay carry one answer identity (key, ordinal, time)") {
  Bench b;
  b.clock.set_unix_ms(1'767'225'600'000);
  MemoryCassetteStore recorded;
  AnswerIdentity at_recording;
  {
    auto rec = b.player(CassetteMode::kRecord);
    b.net.respond(200, "{}");
    b.net.respond(200, "{}");
    auto first = rec->client("openai")->open(chat("same"));
    REQUIRE(first);
    REQUIRE((*first)->answer_identity() != nullptr);
    at_recording = *(*first)->answer_identity();
    chunks_of(**first);
    auto second = rec->client("openai")->open(chat("same"));  // ordinal 1: its own identity
    REQUIRE(second);
    CHECK((*second)->answer_identity()->id != at_recording.id);
    chunks_of(**second);
    REQUIRE(rec->flush());
    for (const auto& [name, text] : b.store->files()) (void)recorded.write(name, text);
  }
  CHECK(at_recording.created_s == 1'767'225'600);
  CHECK(at_recording.id.rfind("req_", 0) == 0);
  CHECK(at_recording.id.size() == 28);
  for (int run = 0; run < 2; ++run) {
    CAPTURE(run);
    b.clock.advance_ms(3'600'000);  // later runs: the recorded time, not theirs
    auto play = b.player(CassetteMode::kReplay, &recorded);
    auto r = play->client("openai")->open(chat("same"));
    REQUIRE(r);
    REQUIRE((*r)->answer_identity() != nullptr);
    CHECK((*r)->answer_identity()->id == at_recording.id);
    CHECK((*r)->answer_identity()->created_s == at_recording.created_s);
  }
  // A live answer has none: the request's own id and the time now.
  b.net.respond(200, "{}");
  auto live = b.net.open(chat("same"));
  REQUIRE(live);
  CHECK((*live)->answer_identity() == nullptr);
}

TEST_CASE("cassette player: a recorded failure replays as a provider failure, never as a miss") {
  Bench b;
  for (std::string kind : {"unavailable", "upstream_timeout", "cassette_miss", "not_found", "made_up"}) {
    CAPTURE(kind);
    Exchange e;
    e.provider = "openai";
    HttpRequest req = chat("x");
    e.key = request_key("openai", req, {"user", "metadata"}).hash;
    e.method = "POST";
    e.path = "/v1/chat/completions";
    e.error_kind = kind;  // status 0: the provider could not be reached (a hand-edited file says anything)
    e.error_message = "recorded failure";
    MemoryCassetteStore recorded;
    (void)recorded.write(e.file_name(), exchange_to_text(e));
    auto play = b.player(CassetteMode::kReplay, &recorded);
    auto r = play->client("openai")->open(req);
    REQUIRE(!r);
    CHECK(r.error().kind != ErrorKind::kCassetteMiss);
    CHECK(r.error().kind == (kind == "unavailable"        ? ErrorKind::kUnavailable
                             : kind == "upstream_timeout" ? ErrorKind::kUpstreamTimeout
                                                          : ErrorKind::kUpstreamError));
  }
}

}  // namespace gw
