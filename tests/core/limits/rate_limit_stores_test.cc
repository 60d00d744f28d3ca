// The limiter's counter stores: the in-memory store (fixed windows, gauges),
// the bounded LRU fallback (500 entries, 15-minute TTL) and the fallback
// chain (main store -> fallback -> error). Fake clock; no sleeps.
#include <doctest/doctest.h>

#include <string>

#include "core/limits/fallback_rate_limit_store.h"
#include "core/limits/lru_rate_limit_store.h"
#include "core/limits/memory_rate_limit_store.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_rate_limit_store.h"

namespace gw {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kT0 = 1'700'000'040'000;  // a minute boundary (1'700'000'040'000 % 60'000 == 0)

int64_t add(RateLimitStore& s, std::string_view name, int64_t start, int64_t amount = 1) {
  auto r = s.add(name, start, kMinute, amount);
  REQUIRE(r.ok());
  return *r;
}

// A main store that fails on demand, in front of the real LRU fallback.
struct Chain {
  FakeClock clock{kT0};
  FakeRateLimitStore primary{clock};
  LruRateLimitStore fallback{clock};
  FallbackRateLimitStore chain{primary, fallback, clock};
  explicit Chain(FakeRateLimitStore::Mode primary_mode = FakeRateLimitStore::Mode::kWorks) {
    primary.set_mode(primary_mode);
  }
};

}  // namespace

TEST_CASE("memory store: a counter adds up within its window and restarts in the next") {
  FakeClock clock(kT0);
  MemoryRateLimitStore store(clock);
  CHECK(add(store, "c", kT0) == 1);
  CHECK(add(store, "c", kT0, 4) == 5);
  CHECK(add(store, "c", kT0, 0) == 5);  // amount 0 reads
  CHECK(add(store, "c", kT0 + kMinute) == 1);
  CHECK(add(store, "other", kT0) == 1);  // counters are independent
}

TEST_CASE("memory store: a late correction to an ended window changes nothing; totals never go negative") {
  FakeClock clock(kT0);
  MemoryRateLimitStore store(clock);
  add(store, "c", kT0 + kMinute, 10);
  CHECK(add(store, "c", kT0, -5) == 0);             // the old window is gone
  CHECK(add(store, "c", kT0 + kMinute, 0) == 10);   // the current one is untouched
  CHECK(add(store, "c", kT0 + kMinute, -50) == 0);  // clamped at zero
}

TEST_CASE("memory store: reading an absent counter does not create it; ended windows are swept") {
  FakeClock clock(kT0);
  MemoryRateLimitStore store(clock);
  CHECK(add(store, "ghost", kT0, 0) == 0);
  CHECK(store.size() == 0);
  for (int i = 0; i < 100; ++i) add(store, "c" + std::to_string(i), kT0);
  CHECK(store.size() == 100);
  clock.advance_ms(2 * kMinute);
  for (int i = 0; i < 16; ++i) add(store, "new" + std::to_string(i), kT0 + 2 * kMinute);  // touches shards: sweeps
  CHECK(store.size() < 100);
}

TEST_CASE("memory store: gauges go up and down, never below zero") {
  FakeClock clock(kT0);
  MemoryRateLimitStore store(clock);
  CHECK(store.gauge("g", 1).value() == 1);
  CHECK(store.gauge("g", 1).value() == 2);
  CHECK(store.gauge("g", -1).value() == 1);
  CHECK(store.gauge("g", -5).value() == 0);
  CHECK(store.gauge("g", -1).value() == 0);
  CHECK(store.size() == 0);  // a gauge back at zero is dropped
}

TEST_CASE("fallback LRU: holds 500 entries; the 501st evicts the least recently used") {
  FakeClock clock(kT0);
  LruRateLimitStore lru(clock);
  for (int i = 0; i < 500; ++i) add(lru, "k" + std::to_string(i), kT0);
  CHECK(lru.size() == 500);
  add(lru, "k0", kT0);  // k0 is now the most recently used; k1 the least
  add(lru, "k500", kT0);
  CHECK(lru.size() == 500);
  CHECK(lru.contains("k0"));
  CHECK_FALSE(lru.contains("k1"));
  CHECK(lru.contains("k500"));
  CHECK(add(lru, "k0", kT0, 0) == 2);  // a kept entry keeps its count
}

TEST_CASE("fallback LRU: an entry lives 15 minutes after its last write") {
  FakeClock clock(kT0);
  const int64_t day = kT0 - kT0 % 86'400'000;
  LruRateLimitStore lru(clock);
  auto count = [&](int64_t amount) { return lru.add("tokens", day, 86'400'000, amount).value(); };
  CHECK(count(7) == 7);
  clock.advance_ms(15 * kMinute - 1);
  CHECK(lru.contains("tokens"));
  CHECK(count(1) == 8);  // a write renews it
  clock.advance_ms(15 * kMinute - 1);
  CHECK(lru.contains("tokens"));
  clock.advance_ms(1);  // exactly 15 minutes after the last write
  CHECK_FALSE(lru.contains("tokens"));
  CHECK(count(1) == 1);
}

TEST_CASE("fallback chain: a main store that throws hands over to the fallback without an error") {
  Chain c;
  CHECK(add(c.chain, "c", kT0) == 1);
  CHECK(c.primary.calls() == 1);
  c.primary.set_mode(FakeRateLimitStore::Mode::kThrows);
  CHECK(add(c.chain, "c", kT0) == 1);  // counted in the fallback, which starts from zero
  CHECK(add(c.chain, "c", kT0) == 2);
  CHECK(c.chain.primary_failures() == 1);
  CHECK(c.chain.degraded());
  CHECK(c.chain.gauge("g", 1).value() == 1);
}

TEST_CASE("fallback chain: a main store that returns errors is treated the same") {
  Chain c(FakeRateLimitStore::Mode::kFails);
  CHECK(add(c.chain, "c", kT0) == 1);
  CHECK(c.fallback.contains("c"));
}

TEST_CASE("fallback chain: after a failure the main store rests 1 s, then is tried again") {
  Chain c(FakeRateLimitStore::Mode::kThrows);
  add(c.chain, "c", kT0);
  CHECK(c.primary.calls() == 1);
  c.clock.advance_ms(999);
  add(c.chain, "c", kT0);
  CHECK(c.primary.calls() == 1);  // skipped: not waited on by every request
  c.primary.set_mode(FakeRateLimitStore::Mode::kWorks);
  c.clock.advance_ms(1);
  CHECK(add(c.chain, "c", kT0) == 1);  // back on the main store
  CHECK(c.primary.calls() == 2);
  CHECK_FALSE(c.chain.degraded());
}

TEST_CASE("fallback chain: when both stores throw, the chain returns an error instead of throwing") {
  FakeClock clock(kT0);
  FakeRateLimitStore primary(clock), fallback(clock);
  FallbackRateLimitStore chain(primary, fallback, clock);
  primary.set_mode(FakeRateLimitStore::Mode::kThrows);
  fallback.set_mode(FakeRateLimitStore::Mode::kThrows);
  auto r = chain.add("c", kT0, kMinute, 1);
  CHECK_FALSE(r.ok());
  CHECK_FALSE(chain.gauge("g", 1).ok());
  CHECK(chain.fallback_failures() == 2);
}

TEST_CASE("add_and_hold: the window's count, then a slot only while the window is within its limit") {
  FakeClock clock(kT0);
  MemoryRateLimitStore store(clock);
  auto first = store.add_and_hold("key:k:m", kT0, kMinute, 1, 2, "key:k:c", 1);
  REQUIRE(first.ok());
  CHECK(first->total == 1);
  CHECK(first->level == 1);  // slot held
  auto second = store.add_and_hold("key:k:m", kT0, kMinute, 1, 2, "key:k:c", 1);
  CHECK(second->total == 2);
  CHECK(second->level == 2);                      // past the slot limit: refused...
  CHECK(store.gauge("key:k:c", 0).value() == 1);  // ...and the gauge left as it was
  auto third = store.add_and_hold("key:k:m", kT0, kMinute, 1, 2, "key:k:c", 1);
  CHECK(third->total == 3);
  CHECK(third->level == 0);  // over the window's limit: the gauge is not touched
  CHECK(store.gauge("key:k:c", 0).value() == 1);
}

TEST_CASE("fallback chain: every call the fallback answers is counted, and the main store is probed again") {
  Chain c(FakeRateLimitStore::Mode::kFails);
  CHECK(c.chain.add_and_hold("m", kT0, kMinute, 1, 10, "c", 5).value().level == 1);
  add(c.chain, "m", kT0);
  CHECK(c.chain.fallback_decisions() == 2);
  c.primary.set_mode(FakeRateLimitStore::Mode::kWorks);
  c.clock.advance_ms(FallbackRateLimitStore::kDefaultPrimaryRetryMs);
  add(c.chain, "m", kT0);
  CHECK(c.chain.fallback_decisions() == 2);  // answered by the main store again
  CHECK_FALSE(c.chain.degraded());
}

TEST_CASE("add_many: several counters added in one call, totals in order, and a slot given back") {
  FakeClock clock(kT0);
  MemoryRateLimitStore s(clock);
  REQUIRE(s.gauge("slot", 1).ok());
  REQUIRE(s.gauge("slot", 1).ok());
  const CounterAdd adds[] = {{"day", kT0, kMinute, 5}, {"month", kT0, kMinute, 7}};
  auto totals = s.add_many(adds, "slot");
  REQUIRE(totals.ok());
  CHECK(*totals == std::vector<int64_t>{5, 7});
  CHECK(*s.gauge("slot", 0) == 1);  // one of the two slots given back
  const CounterAdd undo[] = {{"day", kT0, kMinute, -5}, {"month", kT0, kMinute, -2}};
  CHECK(*s.add_many(undo) == std::vector<int64_t>{0, 5});
  CHECK(*s.gauge("slot", 0) == 1);  // no slot named: none given back
}

TEST_CASE("fallback chain: add_many goes to the fallback when the main store fails") {
  Chain c(FakeRateLimitStore::Mode::kFails);
  const CounterAdd adds[] = {{"day", kT0, kMinute, 3}};
  auto totals = c.chain.add_many(adds);
  REQUIRE(totals.ok());
  CHECK(*totals == std::vector<int64_t>{3});
  CHECK(c.chain.fallback_decisions() == 1);
}

}  // namespace gw
