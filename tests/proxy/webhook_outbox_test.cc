// The webhook outbox: events become one durable row per subscribed webhook,
// with one signed body per event; the credit book's balance events land
// there. Fake clock, in-memory database; flush() instead of sleeps.
#include "proxy/webhooks/webhook_outbox.h"

#include <doctest/doctest.h>

#include <atomic>
#include <initializer_list>
#include <nlohmann/json.hpp>

#include "core/ledger/credit_book.h"
#include "tests/support/fake_clock.h"
#include "tests/support/webhook_fixture.h"

namespace gw {
namespace {

using nlohmann::json;

Event low_event(const FakeClock& clock) {
  return Event{"credits.low", clock.now_unix_ms(), {{"user_id", "usr_1"}, {"balance_usd", "0.50"}}};
}

// An outbox over a fresh store holding the webhooks {id, events} given.
struct OutboxHarness {
  FakeClock clock;
  std::unique_ptr<WebhookStore> store = open_webhook_store();
  std::atomic<int> wakes{0};
  WebhookOutbox outbox{*store, clock, [this] { ++wakes; }};

  explicit OutboxHarness(std::initializer_list<std::pair<const char*, const char*>> hooks = {}) {
    for (auto [id, events] : hooks) add_webhook(*store, id, events);
  }
  std::vector<DeliveryRecord> rows(const std::string& webhook_id) {
    return store->deliveries(webhook_id, 1000).value();
  }
};

TEST_CASE("outbox: an event is queued once for each webhook subscribed to it") {
  OutboxHarness h({{"whk_all", "*"}, {"whk_low", "credits.low,credits.depleted"}, {"whk_added", "credits.added"}});
  h.outbox.emit(low_event(h.clock));
  h.outbox.flush();
  CHECK(h.outbox.rows_queued() == 2);
  CHECK(h.rows("whk_all").size() == 1);
  CHECK(h.rows("whk_low").size() == 1);
  CHECK(h.rows("whk_added").empty());
}

TEST_CASE("outbox: every webhook gets the same body, with one event id, due now") {
  OutboxHarness h({{"whk_a", "*"}, {"whk_b", "*"}});
  h.outbox.emit(low_event(h.clock));
  h.outbox.flush();
  DeliveryRecord a = h.rows("whk_a").at(0), b = h.rows("whk_b").at(0);
  CHECK(a.payload == b.payload);
  json body = json::parse(a.payload);
  CHECK(body["id"].get<std::string>().rfind("evt_", 0) == 0);
  CHECK(body["type"] == "credits.low");
  CHECK(body["data"]["balance_usd"] == "0.50");
  CHECK(a.state == DeliveryState::kPending);
  CHECK(a.attempts == 0);
  CHECK(a.next_attempt_ms == h.clock.now_unix_ms());
}

TEST_CASE("outbox: with no webhooks an event queues nothing; many events are all written") {
  OutboxHarness h;
  h.outbox.emit(low_event(h.clock));
  h.outbox.flush();
  CHECK(h.outbox.rows_queued() == 0);
  CHECK(h.wakes.load() == 0);
  add_webhook(*h.store, "whk_all", "*");
  for (int i = 0; i < 100; ++i) h.outbox.emit(low_event(h.clock));
  h.outbox.flush();
  CHECK(h.outbox.rows_queued() == 100);
  CHECK(h.outbox.dropped() == 0);
  CHECK(h.rows("whk_all").size() == 100);
  CHECK(h.wakes.load() >= 1);  // the dispatcher is woken once rows exist
}

TEST_CASE("outbox: destroying it writes what is still queued") {
  OutboxHarness h({{"whk_all", "*"}});
  {
    WebhookOutbox second(*h.store, h.clock);
    for (int i = 0; i < 10; ++i) second.emit(low_event(h.clock));
  }
  CHECK(h.rows("whk_all").size() == 10);
}

TEST_CASE("outbox: credits.low and then credits.depleted from the credit book reach a subscribed webhook") {
  OutboxHarness h({{"whk_credits", "credits.low,credits.depleted"}, {"whk_models", "model.degraded"}});
  CreditBook book(h.clock, CreditSettings{.low_balance = Money::dollars(1)}, nullptr, &h.outbox);
  AccountBalance a;
  a.user_id = "usr_1";
  a.plan = PlanId::kDev;
  a.purchased = *Money::parse("1.50");
  a.period_start_ms = h.clock.now_unix_ms();
  book.put(a);

  REQUIRE(book.reserve("usr_1", "req_1", *Money::parse("1.00"), false).ok());
  book.settle("req_1", *Money::parse("0.75"), 10, LedgerKind::kCharge);  // 1.50 -> 0.75: below $1
  REQUIRE(book.reserve("usr_1", "req_2", *Money::parse("0.75"), false).ok());
  book.settle("req_2", *Money::parse("0.75"), 10, LedgerKind::kCharge);  // 0.75 -> 0
  h.outbox.flush();

  auto rows = h.rows("whk_credits");  // newest first
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].event_type == "credits.low");
  CHECK(json::parse(rows[1].payload)["data"]["balance_usd"] == "0.75");
  CHECK(json::parse(rows[1].payload)["data"]["threshold_usd"] == "1.00");
  CHECK(rows[0].event_type == "credits.depleted");
  CHECK(json::parse(rows[0].payload)["data"]["user_id"] == "usr_1");
  CHECK(h.rows("whk_models").empty());
}

}  // namespace
}  // namespace gw
