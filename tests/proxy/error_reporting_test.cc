// Error reports to a Sentry-compatible DSN: exceptions at the route edge and
// internal errors are sent as envelopes, scrubbed, at most N a minute.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "proxy/telemetry/telemetry.h"
#include "tests/support/gateway_harness.h"
#include "tests/support/prometheus_text.h"

using nlohmann::json;

namespace gw {
namespace {

Config with_dsn(int per_minute = 10) {
  Config c;
  c.telemetry.sentry_dsn = "http://publickey@sentry.test:9000/42";
  c.telemetry.sentry_max_per_minute = per_minute;
  return c;
}

// A provider client with a bug: it throws.
struct ThrowingClient : HttpClient {
  Result<std::unique_ptr<ResponseStream>> open(const HttpRequest&) override {
    throw std::runtime_error("boom while sending Authorization: Bearer sk-proj-abcdefgh12345678");
  }
};

// The event (third line) of each envelope posted, after checking the post.
std::vector<json> events(GatewayHarness& h) {
  h.gateway->flush();
  std::vector<json> out;
  for (const HttpRequest& post : h.exports.requests()) {
    CHECK(post.url == "http://sentry.test:9000/api/42/envelope/");
    CHECK(post.headers.get("content-type") == "application/x-sentry-envelope");
    CHECK(std::string(post.headers.get("x-sentry-auth")).find("sentry_key=publickey") != std::string::npos);
    std::istringstream in(post.body);
    std::string line;
    for (int i = 0; i < 3; ++i) std::getline(in, line);
    out.push_back(json::parse(line));
  }
  return out;
}

json ask() { return {{"model", "gpt-4o"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}}; }

}  // namespace

TEST_CASE("errors: an exception in a handler becomes a 500 in the caller's dialect and one scrubbed report") {
  ThrowingClient broken;
  GatewayHarness h(with_dsn(), {.network = &broken});
  Reply r = h.chat(ask());
  CHECK(r.status == 500);
  CHECK(json::parse(r.body)["error"]["type"] == "server_error");
  CHECK(r.body.find("boom") == std::string::npos);  // no internals in the answer
  auto sent = events(h);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0]["exception"]["values"][0]["type"] == "exception");
  CHECK(sent[0]["message"]["formatted"] == "boom while sending Authorization: [redacted]");
  CHECK(sent[0]["tags"]["route"] == "/v1/chat/completions");
  CHECK(h.exports.requests()[0].body.find("sk-proj") == std::string::npos);
}

TEST_CASE("errors: a request that ends in a kInternal error is reported; ordinary failures are not") {
  GatewayHarness h(with_dsn());
  Telemetry& t = *h.gateway->services().telemetry;
  RequestContext ctx;
  ctx.request_id = "req_x";
  ctx.route = "/v1/chat/completions";
  t.request_started(ctx, InboundRequest{});
  t.note_error(ctx, make_error(ErrorKind::kInternal, "ledger invariant broken for gw_test_key123"));
  ctx.status = 500;
  t.request_finished(ctx, Money{});
  h.net.respond(400, R"({"error":{"message":"bad"}})");
  CHECK(h.chat(ask()).status == 400);
  auto sent = events(h);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0]["message"]["formatted"] == "ledger invariant broken for [redacted]");
  CHECK(sent[0]["tags"]["request_id"] == "req_x");
}

TEST_CASE("errors: at most sentry_max_per_minute reports a minute; the rest are dropped and counted") {
  GatewayHarness h(with_dsn(2));
  Telemetry& t = *h.gateway->services().telemetry;
  CHECK(t.report_error("internal", "one"));
  CHECK(t.report_error("internal", "two"));
  CHECK_FALSE(t.report_error("internal", "three"));
  h.clock.advance_ms(60'000);
  CHECK(t.report_error("internal", "four"));
  CHECK(events(h).size() == 3);
  CHECK(sample_value(t.scrape(), R"(gw_telemetry_dropped_total{signal="errors"})") == 1);
}

TEST_CASE("errors: POST /admin/telemetry/test-error sends a test report through the DSN") {
  GatewayHarness h(with_dsn());
  InboundRequest in;
  in.method = "POST";
  in.path = "/admin/telemetry/test-error";
  in.remote_addr = "127.0.0.1";
  in.body = R"({"message":"checking with gw_live_notakey"})";
  Reply r = h.gateway->handle(in);
  CHECK(r.status == 200);
  CHECK(json::parse(r.body) == json{{"enabled", true}, {"queued", true}});
  auto sent = events(h);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0]["message"]["formatted"] == "checking with [redacted]");
  GatewayHarness off;
  CHECK(json::parse(off.gateway->handle(in).body)["enabled"] == false);
}

TEST_CASE("errors: a malformed DSN stops the gateway from starting") {
  Config c;
  c.telemetry.sentry_dsn = "not a dsn";
  GatewayOptions o;
  o.config = c;
  auto g = Gateway::create(std::move(o));
  REQUIRE_FALSE(g);
  CHECK(g.error().kind == ErrorKind::kConfig);
}

}  // namespace gw
