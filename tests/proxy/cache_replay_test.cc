// Serving stored answers (proxy/pipeline/cache_step.cc): a stored stream
// replays at once by default and at its recorded pace when the caller asks
// (x-gw-cache-replay: paced), time coming from the fake clock; a stored
// answer that does not read as complete is dropped, counted, and the
// request goes upstream instead.
#include <doctest/doctest.h>

#include "core/cache/cache_key.h"
#include "tests/support/gateway_harness.h"

namespace gw {
namespace {

using nlohmann::json;

json streamed_ask() {
  return json{{"model", "mock/echo"},
              {"temperature", 0},
              {"stream", true},
              {"messages", {{{"role", "user"}, {"content", "pace me"}}}}};
}

std::string chunk(const std::string& content, const char* finish = nullptr) {
  json c = {{"id", "c1"},
            {"object", "chat.completion.chunk"},
            {"created", 1},
            {"model", "mock/echo"},
            {"choices", {{{"index", 0}, {"delta", {{"content", content}}}, {"finish_reason", nullptr}}}}};
  if (finish) c["choices"][0]["finish_reason"] = finish;
  return "data: " + c.dump() + "\n\n";
}

// Stores `frames` as the answer to `body`, as the owner's.
void store(GatewayHarness& h, const json& body, std::vector<CachedFrame> frames) {
  auto key = cache_key(CacheKeyInput{"/v1/chat/completions", "mock/echo", "owner", body.dump(), {}});
  REQUIRE(key.ok());
  CachedAnswer answer;
  answer.model = "mock/echo";
  answer.frames = std::move(frames);
  h.services().cache->put(*key, std::move(answer));
}

std::vector<CachedFrame> three_frames() {
  return {{0, chunk("one ")}, {500, chunk("two ")}, {1500, chunk("three", "stop") + "data: [DONE]\n\n"}};
}

Headers header(const char* name, const char* value) {
  Headers h;
  h.add(name, value);
  return h;
}

}  // namespace

TEST_CASE("cache replay: a stored stream comes at once by default, at its recorded pace when asked") {
  GatewayHarness h;
  store(h, streamed_ask(), three_frames());

  Reply instant = h.chat(streamed_ask());
  REQUIRE(instant.status == 200);
  CHECK(instant.headers.get("x-gw-cache") == "hit");
  const int64_t before = h.clock.now_unix_ms();
  std::string all = GatewayHarness::drain(instant);
  CHECK(h.clock.now_unix_ms() == before);  // nothing waited
  CHECK(all.find("three") != std::string::npos);

  Reply paced = h.chat(streamed_ask(), header("x-gw-cache-replay", "paced"));
  REQUIRE(paced.status == 200);
  const int64_t start = h.clock.now_unix_ms();
  std::vector<int64_t> sent_at;
  std::string piece;
  std::string paced_all;
  StreamStep step;
  do {
    step = paced.next_chunk(piece);
    sent_at.push_back(h.clock.now_unix_ms() - start);
    paced_all += piece;
  } while (step == StreamStep::kChunk);
  paced.on_stream_end(true);
  CHECK(sent_at == std::vector<int64_t>{0, 500, 1500});
  CHECK(paced_all == all);  // the same events, only later
}

TEST_CASE("cache replay: a bad x-gw-cache-replay is a 400 naming the header") {
  GatewayHarness h;
  Reply r = h.chat(streamed_ask(), header("x-gw-cache-replay", "slowly"));
  CHECK(r.status == 400);
  CHECK(r.body.find("x-gw-cache-replay") != std::string::npos);
}

TEST_CASE("cache replay: a stored answer that is not complete is dropped and counted; the provider answers") {
  GatewayHarness h;
  json whole = streamed_ask();
  whole.erase("stream");
  std::vector<CachedFrame> cut = three_frames();
  cut.back().bytes = chunk("three", "stop");  // no [DONE]: it cannot become a whole answer
  store(h, whole, cut);

  Reply r = h.chat(whole);
  REQUIRE(r.status == 200);
  CHECK(r.headers.get("x-gw-cache") == "miss");
  CHECK(json::parse(r.body)["choices"][0]["message"]["content"] == "pace me");  // gw mock echoes
  const CacheStats stats = h.services().cache->stats();
  CHECK(stats.failures == 1);
  CHECK(stats.last_failure.find("[DONE]") != std::string::npos);
  // The provider's answer took its place.
  CHECK(h.chat(whole).headers.get("x-gw-cache") == "hit");
}

}  // namespace gw

namespace gw {

TEST_CASE("single flight: a request behind an identical one in flight waits at most flight_wait_s, then asks itself") {
  GatewayHarness h(config_with([](Config& c) { c.cache.flight_wait_s = 7; }));
  json whole = streamed_ask();
  whole.erase("stream");
  auto key = cache_key(CacheKeyInput{"/v1/chat/completions", "mock/echo", "owner", whole.dump(), {}});
  REQUIRE(key.ok());
  auto leader = h.services().flights->join(*key, true);  // an identical request, still waiting for its provider
  REQUIRE(leader.lease);

  const int64_t before = h.clock.now_unix_ms();
  Reply r = h.chat(whole);
  REQUIRE(r.status == 200);
  CHECK(r.headers.get("x-gw-cache") == "miss");
  const int64_t waited = h.clock.now_unix_ms() - before;
  CHECK(waited >= 7000);
  CHECK(waited < 7100);
  // Its own answer was stored: the next one is a hit, with no wait.
  const int64_t again = h.clock.now_unix_ms();
  CHECK(h.chat(whole).headers.get("x-gw-cache") == "hit");
  CHECK(h.clock.now_unix_ms() == again);
}

TEST_CASE("single flight: the leader's lease lands when its request ends, with or without an answer") {
  GatewayHarness h;
  h.mock_fails_next(1);
  json whole = streamed_ask();
  whole.erase("stream");
  CHECK(h.chat(whole).status == 503);  // led, failed, landed
  CHECK(h.services().flights->in_flight() == 0);
  CHECK(h.chat(whole).status == 200);  // led again, answered, landed
  CHECK(h.services().flights->in_flight() == 0);
}

}  // namespace gw
