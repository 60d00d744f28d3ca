// Credit book: reservations, settlement, buckets, trials, events. Fake clock.
#include "core/ledger/credit_book.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/base/calendar.h"
#include "tests/support/fake_clock.h"

namespace gw {
namespace {

struct RecordingJournal : LedgerJournal {
  std::vector<LedgerEntry> entries;
  void append(LedgerEntry e) override { entries.push_back(std::move(e)); }
};

struct RecordingSink : EventSink {
  std::mutex mu;
  std::vector<Event> events;
  void emit(Event e) override {
    std::lock_guard<std::mutex> lock(mu);
    events.push_back(std::move(e));
  }
  std::vector<std::string> types() {
    std::vector<std::string> out;
    for (const Event& e : events) out.push_back(e.type);
    return out;
  }
};

Money usd(const char* s) { return *Money::parse(s); }

AccountBalance paid(std::string id, Money allowance, Money purchased, int64_t now_ms, PlanId p = PlanId::kDev) {
  AccountBalance a;
  a.user_id = std::move(id);
  a.plan = p;
  a.allowance = allowance;
  a.purchased = purchased;
  a.period_start_ms = month_start_ms(now_ms);
  return a;
}

AccountBalance trial(std::string id, int64_t now_ms) {
  AccountBalance a;
  a.user_id = std::move(id);
  a.plan = PlanId::kTrial;
  a.allowance = plan(PlanId::kTrial).trial_credits;
  a.trial_ends_ms = now_ms + 3 * kMsPerDay;
  return a;
}

struct Book {
  FakeClock clock;
  RecordingJournal journal;
  RecordingSink sink;
  CreditBook book{clock, CreditSettings{usd("1.00")}, &journal, &sink};
};

}  // namespace

TEST_CASE("a reservation holds the maximum cost and settling charges the actual cost") {
  Book b;
  b.book.put(paid("u1", Money{}, usd("2.00"), b.clock.now_unix_ms()));
  REQUIRE(b.book.reserve("u1", "req-1", usd("0.50"), false));
  CHECK(b.book.get("u1")->available() == usd("1.50"));
  auto e = b.book.settle("req-1", usd("0.12"), 100, LedgerKind::kCharge);
  REQUIRE(e);
  CHECK(e->kind == LedgerKind::kCharge);
  CHECK(e->purchased_delta == -usd("0.12"));
  CHECK(e->reserved == usd("0.50"));
  CHECK(b.book.get("u1")->balance() == usd("1.88"));
  CHECK(b.book.get("u1")->reserved == Money{});
  CHECK(b.book.open_reservations() == 0);
}

TEST_CASE("pre-flight refuses with 402 when the maximum cost exceeds the available balance") {
  Book b;
  b.book.put(paid("u1", Money{}, usd("0.10"), b.clock.now_unix_ms()));
  Status s = b.book.reserve("u1", "req-1", usd("0.1000000001"), false);
  REQUIRE_FALSE(s);
  CHECK(s.error().kind == ErrorKind::kPaymentRequired);
  CHECK(s.error().code == "insufficient_credits");
  CHECK(b.book.open_reservations() == 0);
  CHECK(b.book.reserve("u1", "req-2", usd("0.10"), false));  // exactly covered passes
}

TEST_CASE("money held by requests in flight is not available to others") {
  Book b;
  b.book.put(paid("u1", Money{}, usd("1.00"), b.clock.now_unix_ms()));
  REQUIRE(b.book.reserve("u1", "a", usd("0.60"), false));
  Status s = b.book.reserve("u1", "b", usd("0.60"), false);
  REQUIRE_FALSE(s);
  CHECK(s.error().message.find("held by requests in flight") != std::string::npos);
  b.book.settle("a", usd("0.10"), 10, LedgerKind::kCharge);
  CHECK(b.book.reserve("u1", "b", usd("0.60"), false));
}

TEST_CASE("the allowance is spent before purchased credits, then purchased credits") {
  Book b;
  b.book.put(paid("u1", usd("1.00"), usd("5.00"), b.clock.now_unix_ms()));
  REQUIRE(b.book.reserve("u1", "r1", usd("1.50"), false));
  auto e = b.book.settle("r1", usd("1.25"), 10, LedgerKind::kCharge);
  CHECK(e->allowance_delta == -usd("1.00"));
  CHECK(e->purchased_delta == -usd("0.25"));
  auto a = *b.book.get("u1");
  CHECK(a.allowance == Money{});
  CHECK(a.purchased == usd("4.75"));
  REQUIRE(b.book.reserve("u1", "r2", usd("1"), false));
  e = b.book.settle("r2", usd("0.5"), 10, LedgerKind::kCharge);
  CHECK(e->allowance_delta == Money{});
  CHECK(e->purchased_delta == -usd("0.5"));
}

TEST_CASE("the monthly allowance renews in full at the month boundary without rolling over") {
  Book b;
  const int64_t start = b.clock.now_unix_ms();  // 2023-11-14
  b.book.put(paid("u1", usd("3.00"), usd("7.00"), start));
  const int64_t next = next_month_start_ms(start);
  b.clock.set_unix_ms(next - 1);
  REQUIRE(b.book.reserve("u1", "r1", Money{}, false));
  CHECK(b.journal.entries.empty());  // one millisecond before December: no renewal
  CHECK(b.book.get("u1")->allowance == usd("3.00"));
  b.clock.set_unix_ms(next);
  REQUIRE(b.book.reserve("u1", "r2", Money{}, false));
  REQUIRE(b.journal.entries.size() == 1);
  const LedgerEntry& reset = b.journal.entries[0];
  CHECK(reset.kind == LedgerKind::kAllowanceReset);
  CHECK(reset.allowance_delta == usd("7.00"));  // 3 left + 7 = the Dev plan's 10, not 13
  CHECK(reset.period_start_ms == next);
  auto a = *b.book.get("u1");
  CHECK(a.allowance == plan(PlanId::kDev).monthly_allowance);
  CHECK(a.purchased == usd("7.00"));  // purchased credits never expire
}

TEST_CASE("purchased credits do not expire however much time passes") {
  Book b;
  b.book.put(paid("u1", Money{}, usd("7.00"), b.clock.now_unix_ms()));
  b.clock.advance_ms(5LL * 365 * kMsPerDay);
  REQUIRE(b.book.reserve("u1", "r", usd("7.00"), false));
  CHECK(b.book.get("u1")->purchased == usd("7.00"));
}

TEST_CASE("settling the same request twice charges once") {
  Book b;
  b.book.put(paid("u1", Money{}, usd("1.00"), b.clock.now_unix_ms()));
  REQUIRE(b.book.reserve("u1", "same", usd("0.2"), false));
  REQUIRE(b.book.reserve("u1", "same", usd("0.2"), false));  // a repeated pre-flight holds once
  CHECK(b.book.get("u1")->reserved == usd("0.2"));
  CHECK(b.book.settle("same", usd("0.2"), 1, LedgerKind::kCharge));
  CHECK_FALSE(b.book.settle("same", usd("0.2"), 1, LedgerKind::kCharge));
  CHECK(b.book.get("u1")->balance() == usd("0.8"));
  REQUIRE(b.book.reserve("u1", "other", usd("0.2"), false));
  CHECK(b.book.settle("other", usd("0.2"), 1, LedgerKind::kCharge));
  CHECK(b.book.get("u1")->balance() == usd("0.6"));
}

TEST_CASE("a refund releases the hold and changes no balance") {
  Book b;
  b.book.put(paid("u1", Money{}, usd("1.00"), b.clock.now_unix_ms()));
  REQUIRE(b.book.reserve("u1", "r", usd("0.9"), false));
  auto e = b.book.settle("r", usd("0.4"), 50, LedgerKind::kRefund);
  REQUIRE(e);
  CHECK(e->kind == LedgerKind::kRefund);
  CHECK(e->total_delta() == Money{});
  CHECK(b.book.get("u1")->available() == usd("1.00"));
}

TEST_CASE("a cost above the balance empties it and records the rest as uncollected") {
  Book b;
  b.book.put(paid("u1", Money{}, usd("0.30"), b.clock.now_unix_ms()));
  REQUIRE(b.book.reserve("u1", "r", usd("0.25"), false));
  auto e = b.book.settle("r", usd("0.40"), 50, LedgerKind::kCharge);
  CHECK(e->purchased_delta == -usd("0.30"));
  CHECK(e->uncollected == usd("0.10"));
  CHECK(b.book.get("u1")->balance() == Money{});
}

TEST_CASE("trial: active trials reach every model, expired ones only :free models") {
  Book b;
  const int64_t now = b.clock.now_unix_ms();
  b.book.put(trial("t", now));
  CHECK(b.book.get("t")->balance() == usd("5.00"));
  CHECK(b.book.reserve("t", "r1", usd("0.01"), false));
  b.clock.advance_ms(3 * kMsPerDay - 1);
  CHECK(b.book.reserve("t", "r2", usd("0.01"), false));
  b.clock.advance_ms(1);
  Status s = b.book.reserve("t", "r3", usd("0.01"), false);
  REQUIRE_FALSE(s);
  CHECK(s.error().kind == ErrorKind::kPaymentRequired);
  CHECK(s.error().code == "trial_expired");
  CHECK(b.book.reserve("t", "r4", Money{}, true));
}

TEST_CASE("trial: 10K requests and 1M tokens, then only :free models") {
  Book b;
  const int64_t now = b.clock.now_unix_ms();
  AccountBalance a = trial("t", now);
  a.trial_requests_used = 9'999;
  b.book.put(a);
  REQUIRE(b.book.reserve("t", "r1", Money{}, false));
  auto e = b.book.settle("r1", Money{}, 10, LedgerKind::kCharge);
  CHECK(e->trial_requests == 1);
  CHECK(e->trial_tokens == 10);
  Status s = b.book.reserve("t", "r2", Money{}, false);
  REQUIRE_FALSE(s);
  CHECK(s.error().code == "trial_request_limit");
  CHECK(b.book.reserve("t", "free", Money{}, true));

  a = trial("t2", now);
  a.trial_tokens_used = 999'999;
  b.book.put(a);
  CHECK(b.book.reserve("t2", "x1", Money{}, false));
  b.book.settle("x1", Money{}, 1, LedgerKind::kCharge);
  s = b.book.reserve("t2", "x2", Money{}, false);
  REQUIRE_FALSE(s);
  CHECK(s.error().code == "trial_token_limit");
}

TEST_CASE("changing plan resets the allowance and never touches purchased credits") {
  Book b;
  const int64_t now = b.clock.now_unix_ms();
  AccountBalance a = trial("u", now);
  a.purchased = usd("12.34");
  b.book.put(a);
  LedgerEntry change;
  change.user_id = "u";
  change.kind = LedgerKind::kPlanChange;
  change.created_ms = now;
  change.allowance_delta = *plan(PlanId::kTeam).monthly_allowance.minus(a.allowance);
  change.period_start_ms = month_start_ms(now);
  b.book.apply(change, PlanId::kTeam, 0);
  auto after = *b.book.get("u");
  CHECK(after.plan == PlanId::kTeam);
  CHECK(after.allowance == plan(PlanId::kTeam).monthly_allowance);
  CHECK(after.purchased == usd("12.34"));
}

TEST_CASE("credits.low fires once when the balance crosses the threshold, credits.depleted at zero") {
  Book b;
  b.book.put(paid("u", Money{}, usd("1.50"), b.clock.now_unix_ms()));
  REQUIRE(b.book.reserve("u", "r1", usd("0.40"), false));
  b.book.settle("r1", usd("0.40"), 1, LedgerKind::kCharge);  // 1.10: above the threshold
  CHECK(b.sink.events.empty());
  REQUIRE(b.book.reserve("u", "r2", usd("0.20"), false));
  b.book.settle("r2", usd("0.20"), 1, LedgerKind::kCharge);  // 0.90: crossed
  REQUIRE(b.book.reserve("u", "r3", usd("0.20"), false));
  b.book.settle("r3", usd("0.20"), 1, LedgerKind::kCharge);  // 0.70: still low, no repeat
  REQUIRE(b.book.reserve("u", "r4", usd("0.70"), false));
  b.book.settle("r4", usd("0.70"), 1, LedgerKind::kCharge);  // 0
  CHECK(b.sink.types() == std::vector<std::string>{"credits.low", "credits.depleted"});
  CHECK(b.sink.events[0].data["balance_usd"] == "0.90");
  LedgerEntry add;
  add.user_id = "u";
  add.kind = LedgerKind::kPurchase;
  add.purchased_delta = usd("20");
  b.book.apply(add);
  CHECK(b.sink.types().back() == "credits.added");
  CHECK(b.sink.events.back().data["amount_usd"] == "20.00");
}

TEST_CASE("many concurrent requests against a small balance never overspend and are each charged once") {
  Book b;
  b.book.put(paid("u", Money{}, usd("1.00"), b.clock.now_unix_ms()));
  std::atomic<int> admitted{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        std::string id = std::to_string(t) + "-" + std::to_string(i);
        if (!b.book.reserve("u", id, usd("0.03"), false)) {
          ++refused;
          continue;
        }
        ++admitted;
        b.book.settle(id, usd("0.01"), 1, LedgerKind::kCharge);
      }
    });
  for (auto& th : threads) th.join();
  auto a = *b.book.get("u");
  // Each admitted request was charged exactly $0.01, the balance never went
  // below zero, and requests were refused only once less than the $0.03
  // maximum was left.
  CHECK(a.balance() == *usd("1.00").minus(*usd("0.01").times(admitted.load())));
  CHECK(a.balance() >= Money{});
  CHECK(a.balance() < usd("0.03"));
  CHECK(a.reserved == Money{});
  CHECK(admitted.load() + refused.load() == 1600);
}

}  // namespace gw
