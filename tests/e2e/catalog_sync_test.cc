// E2E: the catalog sync of gw serve against gw mock's model listings:
// served from memory, never from a provider on the request path (CM-9.3.1),
// last good data kept when a provider is down (CM-9.3.2), fast (CM-9.3.3).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <vector>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;

namespace {

int64_t listings_served(const Stack& stack) {
  return json_of(client(stack.mock.port()).Get("/_mock/stats"))["model_listings"].get<int64_t>();
}

// True once gw serve has stored the mock provider's listing.
bool mock_listing_stored(const Stack& stack) {
  auto health = json_of(client(stack.serve.port()).Get("/health"));
  return health["subsystems"]["catalog"]["sync"]["providers"]["mock"]["status"] == "ok";
}

bool lists(const Stack& stack, const std::string& id, const std::string& query = "") {
  auto body = json_of(client(stack.serve.port()).Get("/v1/models" + query));
  for (const auto& m : body["data"])
    if (m["id"] == id) return true;
  return false;
}

}  // namespace

TEST_CASE("catalog sync on: gw serve lists the mock's models at start, then answers /v1/models from memory") {
  Stack stack("[catalog]\nsync = true\n");
  REQUIRE(eventually([&] { return mock_listing_stored(stack); }));
  CHECK(listings_served(stack) == 1);
  auto c = client(stack.serve.port());
  for (int i = 0; i < 100; ++i) REQUIRE(c.Get("/v1/models")->status == 200);
  CHECK(listings_served(stack) == 1);  // no listing, no request of any kind, on the request path
  CHECK(json_of(client(stack.mock.port()).Get("/_mock/stats"))["requests"] == 0);
  auto health = json_of(c.Get("/health"));
  auto mock = health["subsystems"]["catalog"]["sync"]["providers"]["mock"];
  CHECK(mock["status"] == "ok");
  CHECK(mock["offers"]["listed"] == 8);
  // Built once, then served from L1.
  CHECK(health["subsystems"]["catalog"]["cache"]["l1_builds"] == 1);
  CHECK(health["subsystems"]["catalog"]["cache"]["l1_hits"] == 99);
}

TEST_CASE("catalog sync: a provider down during sync leaves the last good catalog in service") {
  Stack stack("[catalog]\nsync = true\n");
  REQUIRE(eventually([&] { return mock_listing_stored(stack); }));
  auto c = client(stack.serve.port());
  std::string before = c.Get("/v1/models")->body;
  client(stack.mock.port()).Post("/_mock/script", R"({"steps":[{"status":503}]})", "application/json");
  CliResult sync = run_gw_cli("models sync --url " + stack.serve.url());
  CHECK(sync.code == 69);
  CHECK(sync.out.find("mock        failed: HTTP 503") != std::string::npos);
  CHECK(sync.out.find("last good listing stays in use") != std::string::npos);
  CHECK(c.Get("/v1/models")->body == before);
  auto catalog = json_of(c.Get("/health"))["subsystems"]["catalog"];
  CHECK(catalog["status"] == "stale");
  CHECK(catalog["sync"]["providers"]["mock"]["status"] == "failing");
  CHECK(catalog["sync"]["providers"]["mock"]["models_listed"] == 8);
}

TEST_CASE("gw models sync: an operator refreshes the catalog of a server whose sync is off") {
  Stack stack;
  CHECK(listings_served(stack) == 0);  // off by default: no outbound calls
  CliResult sync = run_gw_cli("models sync --url " + stack.serve.url());
  CHECK(sync.code == 0);
  CHECK(sync.out.find("syncing the catalog") == 0);
  CHECK(sync.out.find("mock        8 models listed; 8 catalog offers confirmed, 0 not listed") != std::string::npos);
  CHECK(sync.out.find("catalog synced: 1 of 1 providers answered") != std::string::npos);
  CHECK(listings_served(stack) == 1);
}

TEST_CASE("catalog sync reads Gemini's listing shape: models a provider does not list leave /v1/models") {
  Stack stack("[providers.google]\nbase_url = \"${MOCK}/v1beta\"\napi_key = \"test-key\"\n");
  CHECK(lists(stack, "google/gemini-2.5-pro"));
  CliResult sync = run_gw_cli("models sync --url " + stack.serve.url());
  CHECK(sync.code == 0);
  CHECK(sync.out.find("google      8 models listed; 0 catalog offers confirmed") != std::string::npos);
  CHECK_FALSE(lists(stack, "google/gemini-2.5-pro"));  // the mock's Gemini listing does not name it
  CHECK(lists(stack, "google/gemini-2.5-pro", "?all=true"));
  CHECK(lists(stack, "mock/echo"));
}

TEST_CASE("catalog sync: two syncs at once against a slow provider both finish on a one-thread server") {
  // The syncer holds a lock while it fetches. Were the sync route run on the
  // connection's fiber, the second request would block the loop's only
  // thread on that lock while the first waited for its provider: a hang.
  Stack stack("[server]\nthreads = 1\n[catalog]\nsync = true\n", {"--latency-ms", "200"});
  REQUIRE(eventually([&] { return mock_listing_stored(stack); }));
  auto sync = [&] { return run_gw_cli("models sync --url " + stack.serve.url()).code; };
  auto first = std::async(std::launch::async, sync);
  auto second = std::async(std::launch::async, sync);
  CHECK(first.get() == 0);
  CHECK(second.get() == 0);
  CHECK(client(stack.serve.port()).Get("/health")->status == 200);
}
