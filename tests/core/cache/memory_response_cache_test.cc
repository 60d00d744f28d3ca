// The in-process response cache (core/cache/memory_response_cache.h): LRU
// and TTL at their boundaries, on a fake clock.
#include "core/cache/memory_response_cache.h"

#include <doctest/doctest.h>

#include <string>

#include "tests/support/fake_clock.h"

namespace gw {
namespace {

CachedAnswer answer(std::string body, std::string model = "m", std::string tenant = "t") {
  CachedAnswer a;
  a.body = std::move(body);
  a.model = std::move(model);
  a.tenant = std::move(tenant);
  return a;
}

}  // namespace

TEST_CASE("memory cache: a stored answer is served, shared, and counted") {
  FakeClock clock;
  MemoryResponseCache cache(clock, {});
  CHECK(cache.get("k", std::nullopt) == nullptr);
  cache.put("k", answer("hello"));
  auto hit = cache.get("k", std::nullopt);
  REQUIRE(hit);
  CHECK(hit->body == "hello");
  CHECK(hit->stored_ms == clock.now_unix_ms());
  CHECK(cache.get("k", std::nullopt).get() == hit.get());  // shared, not copied
  auto s = cache.stats();
  CHECK(s.entries == 1);
  CHECK(s.hits == 2);
  CHECK(s.misses == 1);
  CHECK(s.stores == 1);
}

TEST_CASE("memory cache: the TTL is 60 minutes by default; an answer is served until then, never at it") {
  FakeClock clock;
  MemoryResponseCache cache(clock, {});
  cache.put("k", answer("x"));
  clock.advance_ms(60 * 60 * 1000 - 1);
  CHECK(cache.get("k", std::nullopt));
  clock.advance_ms(1);
  CHECK_FALSE(cache.get("k", std::nullopt));
  CHECK(cache.stats().expirations == 1);
  CHECK(cache.stats().entries == 0);
}

TEST_CASE("memory cache: max-age refuses an older answer for that caller only") {
  FakeClock clock;
  MemoryResponseCache cache(clock, {});
  cache.put("k", answer("x"));
  clock.advance_ms(30'000);
  CHECK(cache.get("k", 30));
  clock.advance_ms(1);
  CHECK_FALSE(cache.get("k", 30));
  CHECK(cache.get("k", std::nullopt));  // still there for others
}

TEST_CASE("memory cache: past max_entries the least recently used answer goes first") {
  FakeClock clock;
  MemoryResponseCache cache(clock, {.max_entries = 3});
  cache.put("a", answer("1"));
  cache.put("b", answer("2"));
  cache.put("c", answer("3"));
  CHECK(cache.get("a", std::nullopt));  // a is now the most recent
  cache.put("d", answer("4"));          // b goes
  CHECK(cache.get("a", std::nullopt));
  CHECK_FALSE(cache.get("b", std::nullopt));
  CHECK(cache.get("c", std::nullopt));
  CHECK(cache.get("d", std::nullopt));
  CHECK(cache.stats().entries == 3);
  CHECK(cache.stats().evictions == 1);
}

TEST_CASE("memory cache: 20,000 entries by default") {
  FakeClock clock;
  MemoryResponseCache cache(clock, {});
  for (int i = 0; i < 20'001; ++i) cache.put("k" + std::to_string(i), answer("x"));
  CHECK(cache.stats().entries == 20'000);
  CHECK_FALSE(cache.get("k0", std::nullopt));
  CHECK(cache.get("k1", std::nullopt));
}

TEST_CASE("memory cache: bytes are bounded too, and an answer larger than the bound is not stored") {
  FakeClock clock;
  MemoryResponseCache cache(clock, {.max_bytes = 4096});
  cache.put("big", answer(std::string(5000, 'x')));
  CHECK_FALSE(cache.get("big", std::nullopt));
  cache.put("a", answer(std::string(1500, 'a')));
  cache.put("b", answer(std::string(1500, 'b')));
  cache.put("c", answer(std::string(1500, 'c')));  // over 4096 with a and b: a goes
  CHECK_FALSE(cache.get("a", std::nullopt));
  CHECK(cache.get("c", std::nullopt));
  CHECK(cache.stats().bytes <= 4096);
}

TEST_CASE("memory cache: a key stored again replaces its answer") {
  FakeClock clock;
  MemoryResponseCache cache(clock, {});
  cache.put("k", answer("old"));
  cache.put("k", answer("new"));
  CHECK(cache.get("k", std::nullopt)->body == "new");
  CHECK(cache.stats().entries == 1);
}

TEST_CASE("memory cache: clear by model, by tenant, or all") {
  FakeClock clock;
  MemoryResponseCache cache(clock, {});
  cache.put("1", answer("x", "m1", "ann"));
  cache.put("2", answer("x", "m2", "ann"));
  cache.put("3", answer("x", "m1", "bob"));
  CHECK(cache.clear("m1", "ann").size() == 1);
  CHECK(cache.clear("", "bob") == std::vector<std::string>{"3"});
  CHECK(cache.get("2", std::nullopt));
  CHECK(cache.clear("", "").size() == 1);
  CHECK(cache.stats().entries == 0);
  CHECK(cache.stats().bytes == 0);
}

TEST_CASE("memory cache: each hit adds its answer's cost to what the cache saved, exactly") {
  FakeClock clock;
  MemoryResponseCache cache(clock, {});
  CachedAnswer a = answer("x");
  a.cost = *Money::parse("0.0000123");
  cache.put("k", std::move(a));
  CHECK(cache.stats().saved == Money{});  // a store saves nothing yet
  cache.get("k", std::nullopt);
  cache.get("k", std::nullopt);
  cache.get("absent", std::nullopt);  // a miss saves nothing
  CHECK(cache.stats().saved == *Money::parse("0.0000246"));
}

}  // namespace gw

namespace gw {

TEST_CASE("memory cache: a dropped answer is gone, and its lookup counts as a failed miss that saved nothing") {
  FakeClock clock;
  MemoryResponseCache cache(clock, {});
  CachedAnswer a = answer("half an answer");
  a.cost = *Money::parse("0.5");
  cache.put("k", std::move(a));
  REQUIRE(cache.get("k", std::nullopt));
  cache.drop("k", "the stream has no [DONE]");
  CHECK(cache.get("k", std::nullopt) == nullptr);
  auto s = cache.stats();
  CHECK(s.entries == 0);
  CHECK(s.hits == 0);
  CHECK(s.misses == 2);  // the dropped lookup and the one after
  CHECK(s.failures == 1);
  CHECK(s.last_failure == "the stream has no [DONE]");
  CHECK(s.saved == Money{});
}

}  // namespace gw
