// Billing through the whole pipeline, in-process: keys, pre-flight holds,
// settlement, refunds, and the ledger in SQLite. FakeHttpClient and
// FakeClock; the database is a temporary file.
#include <doctest/doctest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/base/calendar.h"
#include "tests/support/billing_fixture.h"

using nlohmann::json;

namespace gw {
namespace {

json gpt4o(int64_t max_tokens = 10) {
  return {{"model", "gpt-4o"}, {"max_tokens", max_tokens}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
}

// 3 prompt + 1 completion tokens of gpt-4o ($2.50/M, $10/M): $0.0000175.
const std::string kAnswer =
    R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}})";
const Money kAnswerCost = Money::from_units(3 * 25'000 + 1 * 100'000);

}  // namespace

TEST_CASE("a new user has $5 on a 3-day trial, basic tier, and a gw_live_ primary key") {
  Billing b;
  std::string key = b.user("ann");
  CHECK(key.rfind("gw_live_", 0) == 0);
  CHECK(key.size() >= 8 + 43);
  auto u = *b.accounts->find_user("ann");
  CHECK(u.tier == "basic");
  CHECK(u.plan == PlanId::kTrial);
  CHECK(u.balance.balance() == Money::dollars(5));
  CHECK(u.balance.trial_ends_ms == b.clock.now_unix_ms() + 3 * kMsPerDay);
  auto keys = *b.accounts->store().list_keys("ann");
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].is_primary);
  CHECK(keys[0].encrypted_key != key);  // never the plaintext at rest
  CHECK(keys[0].encrypted_key.find(key) == std::string::npos);
  CHECK(keys[0].lookup_hash.size() == 64);  // hex HMAC-SHA256
  CHECK(b.accounts->store().secret().fernet.decrypt(keys[0].encrypted_key, b.clock.now_unix_ms() / 1000).value() ==
        key);
}

TEST_CASE("a billed request is charged its exact cost once, in memory and in the database") {
  Billing b;
  std::string key = b.user("ann");
  b.net.respond(200, kAnswer);
  Reply r = b.chat(key, gpt4o());
  REQUIRE(r.status == 200);
  CHECK(b.balance("ann") == *Money::dollars(5).minus(kAnswerCost));
  auto entries = b.ledger("ann");
  REQUIRE(count_kind(entries, LedgerKind::kCharge) == 1);
  CHECK(entries[0].request_id == r.headers.get("x-request-id"));
  CHECK(entries[0].allowance_delta == -kAnswerCost);
  CHECK(b.accounts->store().unbalanced_users()->empty());
  auto stored = b.accounts->store().query("SELECT allowance_units FROM users WHERE name = 'ann'");
  CHECK(std::get<int64_t>(stored->at(0).at(0)) == Money::dollars(5).units() - kAnswerCost.units());
  auto usage = b.accounts->store().query("SELECT cost_units, user_id FROM usage_log");
  REQUIRE(usage->size() == 1);
  CHECK(std::get<int64_t>(usage->at(0).at(0)) == kAnswerCost.units());
}

TEST_CASE("pre-flight refuses with 402 before any provider call when the maximum cost is not covered") {
  Billing b;
  std::string key = b.user("ann");
  json big = gpt4o(700'000);  // GPT-4.1: 700k x $8/M = $5.60 > $5
  big["model"] = "gpt-4.1";
  Reply r = b.chat(key, big);
  CHECK(r.status == 402);
  auto body = json::parse(r.body);
  CHECK(body["error"]["code"] == "insufficient_credits");
  CHECK(b.net.requests().empty());
  b.net.respond(200, kAnswer);
  big["max_tokens"] = 500'000;  // $4 is covered
  CHECK(b.chat(key, big).status == 200);
}

TEST_CASE("without max_tokens, gw lowers max_tokens to what the balance covers instead of refusing") {
  Billing b;
  std::string key = b.user("ann");
  b.net.respond(200, kAnswer);
  json body = gpt4o();
  body.erase("max_tokens");
  body["model"] = "gpt-4.1";  // the rest of a 1M context at $8/M would be $8 > $5
  Reply r = b.chat(key, body);
  REQUIRE(r.status == 200);
  int64_t capped = std::stoll(std::string(r.headers.get("x-gw-max-tokens-capped")));
  CHECK(capped > 0);
  CHECK(capped < 625'000);  // $5 at $8/M
  CHECK(json::parse(b.net.requests().at(0).body)["max_completion_tokens"] == capped);
}

TEST_CASE("provider 5xx, timeouts and empty streams are refunded; a provider 400 is not") {
  Billing b;
  std::string key = b.user("ann");
  SUBCASE("5xx") {
    b.net.respond(503, R"({"error":{"message":"down"}})");
    b.net.respond(503, R"({"error":{"message":"down"}})");
    CHECK(b.chat(key, gpt4o()).status == 503);
    CHECK(b.balance("ann") == Money::dollars(5));
    CHECK(count_kind(b.ledger("ann"), LedgerKind::kRefund) == 1);
  }
  SUBCASE("timeout") {
    b.net.fail(make_error(ErrorKind::kUpstreamTimeout, "timed out"));
    b.net.fail(make_error(ErrorKind::kUpstreamTimeout, "timed out"));
    CHECK(b.chat(key, gpt4o()).status == 504);
    CHECK(b.balance("ann") == Money::dollars(5));
    CHECK(count_kind(b.ledger("ann"), LedgerKind::kRefund) == 1);
  }
  SUBCASE("empty stream") {
    b.net.respond_stream(200, {});
    b.net.respond_stream(200, {});
    json body = gpt4o();
    body["stream"] = true;
    Reply r = b.chat(key, body);
    CHECK(r.status >= 500);
    CHECK(b.balance("ann") == Money::dollars(5));
    CHECK(count_kind(b.ledger("ann"), LedgerKind::kRefund) == 1);
  }
  SUBCASE("400 keeps the prompt's cost") {
    b.net.respond(400, R"({"error":{"message":"bad temperature","type":"invalid_request_error"}})");
    CHECK(b.chat(key, gpt4o()).status == 400);
    CHECK(b.net.requests().size() == 1);  // never failed over
    CHECK(b.balance("ann") < Money::dollars(5));
    auto entries = b.ledger("ann");
    CHECK(count_kind(entries, LedgerKind::kCharge) == 1);
    CHECK(count_kind(entries, LedgerKind::kRefund) == 0);
  }
  CHECK(b.accounts->credits().open_reservations() == 0);
}

TEST_CASE("keys: unknown and revoked keys get 401, IP and domain restrictions 403, roles limit models") {
  Billing b;
  std::string key = b.user("ann");
  CHECK(b.chat("gw_live_" + std::string(43, 'x'), gpt4o()).status == 401);
  KeyOptions o;
  o.ip_allowlist = "10.1.0.0/16";
  o.domains = "*.example.com";
  auto restricted = b.accounts->create_key("ann", o);
  REQUIRE(restricted);
  Headers good_origin;
  good_origin.add("Origin", "https://app.example.com");
  b.net.respond(200, kAnswer);
  CHECK(b.chat(restricted->plaintext, gpt4o(), "10.1.2.3", good_origin).status == 200);
  Reply wrong_ip = b.chat(restricted->plaintext, gpt4o(), "10.2.0.1", good_origin);
  CHECK(wrong_ip.status == 403);
  CHECK(json::parse(wrong_ip.body)["error"]["code"] == "ip_not_allowed");
  Headers bad_origin;
  bad_origin.add("Origin", "https://evil.test");
  Reply wrong_site = b.chat(restricted->plaintext, gpt4o(), "10.1.2.3", bad_origin);
  CHECK(wrong_site.status == 403);
  CHECK(json::parse(wrong_site.body)["error"]["code"] == "domain_not_allowed");

  KeyOptions free_role;
  free_role.role = Role::kFree;
  auto free_key = b.accounts->create_key("ann", free_role);
  CHECK(b.chat(free_key->plaintext, gpt4o()).status == 403);

  REQUIRE(b.accounts->revoke_key(restricted->record.id));
  Reply revoked = b.chat(restricted->plaintext, gpt4o(), "10.1.2.3", good_origin);
  CHECK(revoked.status == 401);
  CHECK(json::parse(revoked.body)["error"]["code"] == "revoked_api_key");
}

TEST_CASE("an expired trial gets 402 on standard models and may still use :free models") {
  Billing b;
  std::string key = b.user("ann");
  b.clock.advance_ms(3 * kMsPerDay);
  Reply r = b.chat(key, gpt4o());
  CHECK(r.status == 402);
  CHECK(json::parse(r.body)["error"]["code"] == "trial_expired");
  CHECK(b.net.requests().empty());
  b.net.respond(200, kAnswer);
  json free = gpt4o();
  free["model"] = "meta-llama/llama-3.3-70b-instruct:free";
  CHECK(b.chat(key, free).status == 200);
}

TEST_CASE("with require_key, callers without a key are anonymous: :free models only") {
  Config c;
  c.auth.require_key = true;
  Billing b(c);
  Reply r = b.chat("", gpt4o(), "127.0.0.1");
  CHECK(r.status == 401);
  CHECK(json::parse(r.body)["error"]["code"] == "missing_api_key");
  b.net.respond(200, kAnswer);
  json free = gpt4o();
  free["model"] = "meta-llama/llama-3.3-70b-instruct:free";
  CHECK(b.chat("", free, "10.9.9.9").status == 200);
  CHECK(b.chat("sk-not-a-gw-key", free, "10.9.9.9").status == 401);
}

TEST_CASE("changing plan keeps purchased credits and sets the new plan's allowance") {
  Billing b;
  b.user("ann");
  REQUIRE(b.accounts->add_credits("ann", LedgerKind::kPurchase, Money::dollars(7), "evt_1", "stripe"));
  auto again = b.accounts->add_credits("ann", LedgerKind::kPurchase, Money::dollars(7), "evt_1", "stripe");
  REQUIRE(again);
  CHECK_FALSE(again->has_value());  // the same payment event credits once
  REQUIRE(b.accounts->change_plan("ann", PlanId::kTeam));
  auto u = *b.accounts->find_user("ann");
  CHECK(u.balance.purchased == Money::dollars(7));
  CHECK(u.balance.allowance == plan(PlanId::kTeam).monthly_allowance);
  CHECK(b.accounts->store().unbalanced_users()->empty());
}

TEST_CASE("many parallel requests against a small balance: never below zero, each charged once") {
  Config no_limits;  // the plan's requests/min and concurrency cap would answer 429 before the ledger is tested
  no_limits.limits.enabled = false;
  Billing b(no_limits);
  std::string key = b.user("ann");  // $5; each request holds ~$1 (100k tokens x $10/M)
  constexpr int kThreads = 8, kEach = 25;
  for (int i = 0; i < kThreads * kEach; ++i) b.net.respond(200, kAnswer);
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        int status = b.chat(key, gpt4o(100'000)).status;
        (status == 200 ? ok : status == 402 ? refused : other)++;
      }
    });
  for (auto& th : threads) th.join();
  CHECK(other.load() == 0);
  CHECK(ok.load() + refused.load() == kThreads * kEach);
  CHECK(ok.load() >= 5);
  auto entries = b.ledger("ann");
  CHECK(count_kind(entries, LedgerKind::kCharge) == ok.load());
  Money spent = *kAnswerCost.times(ok.load());
  CHECK(b.balance("ann") == *Money::dollars(5).minus(spent));
  CHECK(b.balance("ann") >= Money{});
  CHECK(b.accounts->credits().open_reservations() == 0);
  CHECK(b.accounts->store().unbalanced_users()->empty());
}

}  // namespace gw
