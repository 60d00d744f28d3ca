// What listings say about the catalog, and when each is due
// (core/catalog/catalog_sync.h).
#include "core/catalog/catalog_sync.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

// Two models: one on a and b, one on b only.
Catalog two_models() {
  auto c = Catalog::parse(R"([
    {"id":"org/one","pricing":{"prompt":"1","completion":"2"},"providers":[{"slug":"a","id":"one-a"},{"slug":"b","id":"org/one"}]},
    {"id":"org/two","pricing":{"prompt":"1","completion":"2"},"providers":[{"slug":"b","id":"org/two"}]},
    {"id":"org/unpriced","providers":[{"slug":"b","id":"org/unpriced"}]}
  ])",
                          "{}");
  REQUIRE(c.ok());
  return std::move(c).value();
}

ProviderSync listed(std::string provider, std::vector<std::string> ids, bool complete = true) {
  ProviderSync p;
  p.provider = std::move(provider);
  p.last_attempt_ms = p.last_success_ms = 1000;
  p.listing.ids = std::move(ids);
  p.listing.complete = complete;
  return p;
}

}  // namespace

TEST_CASE("sync: a complete listing confirms what it names and marks the rest unlisted") {
  Catalog c = two_models();
  CatalogSnapshot s = merge_listings(c, {listed("b", {"org/one", "something-new", "org/unpriced"})});
  CHECK(s.status("org/one", "b") == OfferStatus::kListed);
  CHECK(s.status("org/two", "b") == OfferStatus::kUnlisted);
  CHECK(s.status("org/one", "a") == OfferStatus::kUnknown);  // a has not been listed
  CHECK(s.providers.at("b").listed == 1);
  CHECK(s.providers.at("b").unlisted == 1);
  // Listed but not in the catalog (new, or unpriced and left out): never added.
  CHECK(s.providers.at("b").not_in_catalog == 2);
  CHECK(c.find("org/unpriced") == nullptr);
  CHECK(s.status("org/unpriced", "b") == OfferStatus::kUnknown);
}

TEST_CASE("sync: an incomplete (paginated) listing confirms but never denies") {
  CatalogSnapshot s = merge_listings(two_models(), {listed("b", {"org/one"}, /*complete=*/false)});
  CHECK(s.status("org/one", "b") == OfferStatus::kListed);
  CHECK(s.status("org/two", "b") == OfferStatus::kUnknown);
}

TEST_CASE("sync: a provider whose fetches failed and who has no listing changes nothing") {
  ProviderSync failing;
  failing.provider = "b";
  failing.last_attempt_ms = 5000;
  failing.last_error = "HTTP 503";
  CatalogSnapshot s = merge_listings(two_models(), {failing});
  CHECK(s.offers.empty());
  CHECK(s.providers.empty());
}

TEST_CASE("sync: a failed refresh keeps using the last good listing") {
  ProviderSync p = listed("b", {"org/one", "org/two"});
  p.last_attempt_ms = 90'000;
  p.last_error = "connection refused";
  CatalogSnapshot s = merge_listings(two_models(), {p});
  CHECK(s.status("org/two", "b") == OfferStatus::kListed);
}

TEST_CASE("sync: due at once without a listing, every interval after success, a minute after failure") {
  CatalogSettings settings;  // sync_interval_s 900, l2_ttl_s 1200
  ProviderSync p;
  CHECK(next_sync_ms(p, settings) == 0);
  p = listed("b", {});
  CHECK(next_sync_ms(p, settings) == 1000 + 900'000);
  p.last_attempt_ms = 901'000;
  p.last_error = "HTTP 500";
  CHECK(next_sync_ms(p, settings) == 901'000 + kRetryAfterFailureMs);
}

TEST_CASE("sync: a listing is fresh for the L2 TTL (20 min by default, within CM-8.2.3's 15-30 min)") {
  CatalogSettings settings;
  CHECK(settings.l2_ttl_s == 1200);
  CHECK(settings.l2_ttl_s >= 15 * 60);
  CHECK(settings.l2_ttl_s <= 30 * 60);
  ProviderSync p = listed("b", {});
  CHECK(listing_fresh(p, 1000 + 1'199'999, settings));
  CHECK_FALSE(listing_fresh(p, 1000 + 1'200'000, settings));
  CHECK_FALSE(listing_fresh(ProviderSync{}, 0, settings));
}

}  // namespace gw
