// The catalog's two cache levels (core/catalog/catalog_cache.h): L1 rendered answers
// with a 5-minute TTL (CM-8.2.2), L2 listings that survive a failed sync
// (CM-9.3.2). FakeClock; no sleeps.
#include "core/catalog/catalog_cache.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/support/fake_clock.h"

using nlohmann::json;

namespace gw {
namespace {

struct Harness {
  FakeClock clock;
  CatalogCache cache{Catalog::builtin(), [](std::string_view slug) { return slug == "mock"; }, CatalogSettings{},
                     clock};
  Harness() { cache.track({"mock"}); }

  std::vector<std::string> listed_ids(bool all = false) {
    std::vector<std::string> ids;
    json body = json::parse(*cache.models_body(false, all));
    for (const auto& m : body["data"]) ids.push_back(m["id"]);
    return ids;
  }
};

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("catalog cache: L1 serves the same rendered bytes for 299 s and rebuilds at 300 s") {
  Harness h;
  CHECK(CatalogSettings{}.l1_ttl_s == 300);
  auto first = h.cache.models_body(false, false);
  CHECK(h.cache.l1_builds() == 1);
  h.clock.advance_ms(299'999);
  auto again = h.cache.models_body(false, false);
  CHECK(again.get() == first.get());  // the very same bytes: no re-render
  CHECK(h.cache.l1_hits() == 1);
  CHECK(h.cache.l1_builds() == 1);
  h.clock.advance_ms(1);
  auto rebuilt = h.cache.models_body(false, false);
  CHECK(rebuilt.get() != first.get());
  CHECK(*rebuilt == *first);  // rebuilt from the same L2 data
  CHECK(h.cache.l1_builds() == 2);
}

TEST_CASE("catalog cache: each view has its own L1 entry") {
  Harness h;
  auto dedup = json::parse(*h.cache.models_body(false, false));
  auto full = json::parse(*h.cache.models_body(true, true));
  CHECK(h.cache.l1_builds() == 2);
  CHECK(dedup["object"] == "list");
  CHECK(full["data"].size() > dedup["data"].size());
  CHECK(full["data"][0].contains("provider_model_id"));
}

TEST_CASE("catalog cache: a new listing replaces L1 answers at once; an unchanged one keeps them") {
  Harness h;
  CHECK(contains(h.listed_ids(), "mock/embed"));
  h.cache.record_listing("mock", ModelListing{{"echo", "image", "whisper"}, true}, h.clock.now_unix_ms());
  auto ids = h.listed_ids();
  CHECK_FALSE(contains(ids, "mock/embed"));  // the provider no longer lists it
  CHECK(contains(ids, "mock/echo"));
  int64_t builds = h.cache.l1_builds();
  uint64_t generation = h.cache.snapshot()->generation;
  h.cache.record_listing("mock", ModelListing{{"echo", "image", "whisper"}, true}, h.clock.now_unix_ms() + 10);
  h.listed_ids();
  CHECK(h.cache.snapshot()->generation == generation);
  CHECK(h.cache.l1_builds() == builds);
}

TEST_CASE("catalog cache: unlisted offers still show with ?all=true, marked listed:false") {
  Harness h;
  h.cache.record_listing("mock", ModelListing{{"echo"}, true}, 1);
  auto all = json::parse(*h.cache.models_body(false, true));
  bool seen = false;
  for (const auto& m : all["data"])
    if (m["id"] == "mock/embed") {
      seen = true;
      CHECK(m["providers"][0]["listed"] == false);
      CHECK(m["providers"][0]["available"] == false);
    } else if (m["id"] == "mock/echo") {
      CHECK(m["providers"][0]["listed"] == true);
    }
  CHECK(seen);
}

TEST_CASE("catalog cache: a failed sync keeps the last good listing in use (CM-9.3.2)") {
  Harness h;
  h.cache.record_listing("mock", ModelListing{{"echo"}, true}, 1000);
  auto before = *h.cache.models_body(false, false);
  h.clock.advance_ms(3'600'000);  // an hour later: L1 and L2 both past their TTLs
  h.cache.record_failure("mock", "HTTP 503: down", h.clock.now_unix_ms());
  CHECK(*h.cache.models_body(false, false) == before);
  auto states = h.cache.provider_states();
  REQUIRE(states.size() == 1);
  CHECK(states[0].last_error == "HTTP 503: down");
  CHECK(states[0].consecutive_failures == 1);
  CHECK(states[0].listing.ids == std::vector<std::string>{"echo"});
  CHECK_FALSE(listing_fresh(states[0], h.clock.now_unix_ms(), h.cache.settings()));
}

TEST_CASE("catalog cache: listings of providers it does not track are ignored") {
  Harness h;
  h.cache.record_listing("openai", ModelListing{{}, true}, 1);
  CHECK(h.cache.snapshot()->generation == 0);
  CHECK(h.cache.provider_states().size() == 1);
}

}  // namespace gw
