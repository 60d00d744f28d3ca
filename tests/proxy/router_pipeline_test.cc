// The routers on the request path, in process (FakeClock, FakeHttpClient,
// a real ledger): who may be routed (plan, balance, open breakers), and the
// fallback to the ranking's next model when the chosen one's providers all
// fail - one answer, one ledger row, at the serving model's price.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/health/circuit_breaker.h"
#include "tests/support/billing_fixture.h"

namespace gw {
namespace {

using nlohmann::json;

constexpr int64_t kMsPerDay = 86'400'000;
const std::string kAnswer =
    R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}})";

json routed(const std::string& router) {
  return {{"model", router}, {"max_tokens", 16}, {"messages", json::array({{{"role", "user"}, {"content", "hi"}}})}};
}

}  // namespace

TEST_CASE("routers: a caller whose plan allows no billed model gets the plan's error in their dialect") {
  Billing b;
  std::string key = b.user("ann");
  b.clock.advance_ms(3 * kMsPerDay);  // the trial is over: :free models only
  Headers h;
  h.add("anthropic-version", "2023-06-01");
  Reply r = b.post(key, "/v1/messages", routed("router:code:auto").dump(), h);
  CHECK(r.status == 402);
  json body = json::parse(r.body);
  CHECK(body["type"] == "error");  // Anthropic's shape
  const std::string message = body["error"]["message"];
  CHECK(message.find("router:code:auto picks billed models, and your trial ended on") == 0);
  CHECK(b.net.requests().empty());
}

TEST_CASE("routers: a balance that covers no candidate's prompt is a 402 saying so, not a provider call") {
  Billing b;
  std::string key = b.user("ann");
  // Another request in flight holds the whole $5.
  const std::string id = b.accounts->find_user("ann")->id;
  REQUIRE(b.accounts->credits().reserve(id, "in-flight", Money::dollars(5), false));
  Reply r = b.chat(key, routed("router:general:cost"));
  CHECK(r.status == 402);
  json body = json::parse(r.body);
  CHECK(body["error"]["code"] == "insufficient_credits");
  CHECK(std::string(body["error"]["message"]).find("router:general:cost's candidates") != std::string::npos);
  CHECK(b.net.requests().empty());
}

TEST_CASE("routers: a model whose only configured provider has an open breaker is not a candidate") {
  Billing b;  // openai and openrouter configured
  b.net.respond(200, kAnswer);
  Reply first = b.chat("", routed("router:code:quality"));
  for (int i = 0; i < 5; ++i) b.gateway->services().breakers->at("openrouter").record_failure();
  b.net.respond(200, kAnswer);
  Reply r = b.chat("", routed("router:code:quality"));
  REQUIRE(r.status == 200);
  CHECK(r.headers.get("x-gw-model") == "openai/gpt-5");  // the best SWE-bench score openai serves
  CHECK(r.headers.get("x-gw-route").find("chosen=openai/gpt-5;") != std::string::npos);
  CHECK(first.headers.get("x-gw-route").find("chosen=anthropic/claude-opus-4.5;") != std::string::npos);
}

TEST_CASE("routers: every provider of the pick fails, the runner-up answers; one charge at its price") {
  Billing b;
  std::string key = b.user("ann");
  const Money before = b.balance("ann");
  b.net.respond(503, R"({"error":{"message":"overloaded"}})");  // openrouter for claude-opus-4.5
  b.net.respond(200, kAnswer);                                  // openrouter for claude-sonnet-4.5
  Reply r = b.chat(key, routed("router:code:quality"));
  REQUIRE(r.status == 200);
  CHECK(r.headers.get("x-gw-model") == "anthropic/claude-sonnet-4.5");
  CHECK(r.headers.get("x-gw-attempts") == "2");
  const std::string route(r.headers.get("x-gw-route"));
  CHECK(route.find("chosen=anthropic/claude-sonnet-4.5; runner_up=") != std::string::npos);
  CHECK(route.find("why=fell back down the ranking, first pick anthropic/claude-opus-4.5: highest code 80.9") !=
        std::string::npos);
  CHECK(route.find("fell_back_from=anthropic/claude-opus-4.5 (upstream_503: provider openrouter answered 503: "
                   "overloaded)") != std::string::npos);
  auto sent = b.net.requests();
  REQUIRE(sent.size() == 2);
  CHECK(sent[1].body.find("claude-sonnet-4.5") != std::string::npos);
  // 3 prompt tokens at $3/M + 1 completion token at $15/M: the served model's price.
  CHECK(b.balance("ann") == *before.minus(Money::from_units(3 * 30'000 + 150'000)));
  auto ledger = b.ledger("ann");
  CHECK(count_kind(ledger, LedgerKind::kCharge) == 1);
  CHECK(count_kind(ledger, LedgerKind::kRefund) == 0);
}

TEST_CASE("routers: fallback is bounded; when every tried model fails the error names them all") {
  Billing b;
  // claude-opus-4.5 and claude-sonnet-4.5 (openrouter), then openai/gpt-5 (openai, openrouter): four tries.
  for (int i = 0; i < 4; ++i) b.net.respond(503, R"({"error":{"message":"down"}})");
  b.net.respond(200, kAnswer);  // never reached: at most two fallbacks
  Reply r = b.chat("", routed("router:code:quality"));
  CHECK(r.status == 503);
  CHECK(b.net.requests().size() == 4);
  CHECK(b.net.pending() == 1);
  const std::string route(r.headers.get("x-gw-route"));
  CHECK(route.find("chosen=openai/gpt-5;") != std::string::npos);
  CHECK(route.find("fell_back_from=anthropic/claude-opus-4.5 (") != std::string::npos);
  CHECK(route.find("fell_back_from=anthropic/claude-sonnet-4.5 (") != std::string::npos);
}

TEST_CASE("routers: a 400 from the pick's provider is the caller's to fix and does not fall back") {
  Billing b;
  b.net.respond(400, R"({"error":{"message":"bad field"}})");
  b.net.respond(200, kAnswer);
  Reply r = b.chat("", routed("router:code:quality"));
  CHECK(r.status == 400);
  CHECK(b.net.requests().size() == 1);
  CHECK(std::string(r.headers.get("x-gw-route")).find("fell_back_from") == std::string::npos);
}

TEST_CASE("routers: complete answers are measured per provider x model, streams with their TTFT (GET /admin/latency)") {
  Billing b;
  b.net.respond(200, kAnswer);
  json whole = routed("openai/gpt-4o");
  REQUIRE(b.chat("", whole).status == 200);
  b.net.respond_stream(200, {"data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                             "\"delta\":{\"content\":\"hi\"}}]}\n\n",
                             "data: [DONE]\n\n"});
  json streamed = routed("openai/gpt-4o");
  streamed["stream"] = true;
  Reply s = b.chat("", streamed);
  REQUIRE(s.status == 200);
  std::string out;
  while (s.next_chunk && s.next_chunk(out) == StreamStep::kChunk) {
  }
  if (s.on_stream_end) s.on_stream_end(true);
  b.net.respond(503, "{}");  // a failure is no latency sample
  b.net.respond(503, "{}");
  b.chat("", whole);
  InboundRequest get;
  get.method = "GET";
  get.path = "/admin/latency";
  get.remote_addr = "127.0.0.1";
  Reply r = b.gateway->handle(get);
  REQUIRE(r.status == 200);
  json rows = json::parse(r.body)["data"];
  REQUIRE(rows.size() == 1);
  CHECK(rows[0]["provider"] == "openai");
  CHECK(rows[0]["model"] == "openai/gpt-4o");
  CHECK(rows[0]["total_samples"] == 2);
  CHECK(rows[0]["ttft_samples"] == 1);
}

}  // namespace gw
