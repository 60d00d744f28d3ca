// trial_counts_test.cc - a trial's caps counted across instances
// (proxy/pipeline/trial_claim.h): the gateway asks the shared counts
// (FakeTrialCounts, standing for Redis and the other instances' requests)
// before its own book, adds a charged request's tokens, gives back a
// refunded request, and decides on its own counts when the store fails.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/support/billing_fixture.h"
#include "tests/support/fake_trial_counts.h"

using nlohmann::json;

namespace gw {
namespace {

json gpt4o() {
  return {{"model", "gpt-4o"}, {"max_tokens", 10}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
}

const std::string kAnswer =
    R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}})";

// A gateway whose trial counts are shared (with imagined other instances),
// and one user on `plan`.
struct SharedTrial {
  FakeTrialCounts shared;
  Billing b{{}, kBillingProviderKeys, &shared};
  std::string key, id;
  explicit SharedTrial(PlanId plan = PlanId::kTrial) : key(b.user("ann", plan)), id(b.accounts->find_user("ann")->id) {}
  Reply chat() { return b.chat(key, gpt4o()); }
  TrialUse counts() { return shared.of(id); }
  int64_t own_requests() { return b.accounts->find_user("ann")->balance.trial_requests_used; }
};

}  // namespace

TEST_CASE("a trial's requests are counted in the shared store: other instances' requests count toward the cap") {
  SharedTrial t;
  const int64_t cap = plan(PlanId::kTrial).trial_requests;

  t.b.net.respond(200, kAnswer);
  REQUIRE(t.chat().status == 200);
  TrialUse after_one = t.counts();
  CHECK(after_one.requests == 1);
  CHECK(after_one.tokens == 4);  // the charged request's tokens

  // Other instances used the rest: this one's book has counted only one.
  t.shared.set(t.id, {cap, 4});
  Reply refused = t.chat();
  CHECK(refused.status == 402);
  CHECK(json::parse(refused.body)["error"]["code"] == "trial_request_limit");
  CHECK(t.b.net.requests().size() == 1);  // no provider was asked
  CHECK(t.own_requests() == 1);
}

TEST_CASE("a refunded trial request gives its shared count back") {
  SharedTrial t;
  t.b.net.respond(503, R"({"error":{"message":"down"}})");
  t.b.net.respond(503, R"({"error":{"message":"down"}})");
  REQUIRE(t.chat().status == 503);
  TrialUse after = t.counts();
  CHECK(after.requests == 0);
  CHECK(after.tokens == 0);
}

TEST_CASE("the shared counts are never below what the instance knows from its own book") {
  SharedTrial t;
  t.b.net.respond(200, kAnswer);
  REQUIRE(t.chat().status == 200);
  t.shared.set(t.id, {});  // Redis restarted empty
  t.b.net.respond(200, kAnswer);
  REQUIRE(t.chat().status == 200);
  TrialUse after = t.counts();
  CHECK(after.requests == 2);  // raised to the book's 1, plus this one
  CHECK(after.tokens == 8);
}

TEST_CASE("the shared store unreachable: the instance's own trial counts decide") {
  SharedTrial t;
  t.shared.set(t.id, {plan(PlanId::kTrial).trial_requests, 0});  // at the cap, but unreachable
  t.shared.down = true;
  t.b.net.respond(200, kAnswer);
  CHECK(t.chat().status == 200);
  CHECK(t.own_requests() == 1);
}

TEST_CASE("paid plans and :free models do not touch the shared trial counts") {
  SharedTrial t(PlanId::kDev);
  t.b.net.respond(200, kAnswer);
  REQUIRE(t.chat().status == 200);
  TrialUse after = t.counts();
  CHECK(after.requests == 0);
  CHECK(after.tokens == 0);
}

}  // namespace gw
