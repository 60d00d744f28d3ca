// The limiter inside the request pipeline, in-process (Gateway over the
// built-in mock and a FakeClock): what an admitted request holds - its
// concurrency slot and token estimate - comes back on every way a request
// can end, and the estimate is settled to the real usage. No sockets, no
// sleeps.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "proxy/gateway.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_http_client.h"

using nlohmann::json;

namespace gw {
namespace {

// A team server (require_key) whose anonymous callers may run one request at
// a time and 2000 tokens a day. Only the built-in mock answers; `no_network`
// stands in for real providers, which these tests never reach.
std::unique_ptr<Gateway> team_gateway(FakeClock& clock, HttpClient& no_network) {
  Config config;
  config.auth.require_key = true;
  config.limits.anonymous.concurrent_requests = 1;
  config.limits.anonymous.tokens_per_day = 2000;
  auto gateway = Gateway::create({.config = config,
                                  .db_path = "",
                                  .clock = &clock,
                                  .network = &no_network,
                                  .getenv = [](const char*) -> const char* { return nullptr; }});
  REQUIRE(gateway.ok());
  return std::move(gateway).value();
}

// Requests from an anonymous caller at a non-loopback address.
struct Harness {
  FakeClock clock;
  FakeHttpClient no_network;
  std::unique_ptr<Gateway> gateway = team_gateway(clock, no_network);

  Reply chat(json body) {
    InboundRequest in;
    in.method = "POST";
    in.path = "/v1/chat/completions";
    in.remote_addr = "203.0.113.9";  // not loopback: an anonymous caller
    in.body = body.dump();
    return gateway->handle(in);
  }

  static void drain(Reply& r, bool client_stays = true) {
    std::string chunk;
    StreamStep step = StreamStep::kChunk;
    while (client_stays && (step = r.next_chunk(chunk)) == StreamStep::kChunk) {
    }
    r.on_stream_end(client_stays && step == StreamStep::kEnd);
  }
};

json echo(bool stream = false, int max_tokens = 16, std::string model = "mock/echo") {
  return {{"model", model},
          {"stream", stream},
          {"max_tokens", max_tokens},
          {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
}

}  // namespace

TEST_CASE("a stream holds its concurrency slot until it ends, also when the client leaves") {
  Harness h;
  Reply first = h.chat(echo(true));
  REQUIRE(first.status == 200);
  Reply second = h.chat(echo());
  CHECK(second.status == 429);
  CHECK(json::parse(second.body)["error"]["message"].get<std::string>().find("at once") != std::string::npos);
  Harness::drain(first);
  CHECK(h.chat(echo()).status == 200);
  Reply left = h.chat(echo(true));
  REQUIRE(left.status == 200);
  Harness::drain(left, /*client_stays=*/false);
  CHECK(h.chat(echo()).status == 200);
}

TEST_CASE("a request refused after the limiter admitted it gives its slot and estimate back") {
  Harness h;
  CHECK(h.chat(echo(false, 16, "mock/no-such-model")).status == 404);
  CHECK(h.chat(echo(false, 1900)).status == 200);  // the slot and the whole day's tokens are free again
}

TEST_CASE("the token estimate is settled to the real usage when the request ends") {
  Harness h;
  // Each admits prompt + max_tokens (~1500 of the 2000 a day) but uses a
  // handful: without settling, the second would not fit.
  Reply a = h.chat(echo(false, 1500));
  REQUIRE(a.status == 200);
  Reply b = h.chat(echo(false, 1500));
  REQUIRE(b.status == 200);
  Reply c = h.chat(echo(false, 1999));
  CHECK(c.status == 429);
  CHECK(json::parse(c.body)["error"]["message"].get<std::string>().find("tokens per day") != std::string::npos);
  CHECK(c.headers.get("X-RateLimit-Limit") == "2000");
  h.clock.advance_ms(86'400'000);
  CHECK(h.chat(echo(false, 1900)).status == 200);
}

}  // namespace gw
