// The catalog sync through the gateway (proxy/monitor/catalog_syncer.h):
// listings fetched with the HttpClient, kept as last good data, and a
// request path that never calls a provider. FakeClock, FakeHttpClient.
#include "proxy/monitor/catalog_syncer.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/catalog/catalog_cache.h"
#include "tests/support/gateway_harness.h"

using nlohmann::json;

namespace gw {
namespace {

// mock (in-process) and openai (the fake network) are the synced providers.
struct SyncHarness : GatewayHarness {
  SyncHarness()
      : GatewayHarness(config_with([](Config& c) { c.catalog.sync = true; }),
                       {.env = {{"OPENAI_API_KEY", "sk-test-openai"}}}) {}
  CatalogSyncer& syncer() { return *services().catalog_sync; }
  bool serves(const std::string& id, const std::string& query = "") {
    json body = get_json("/v1/models", query);
    for (const auto& m : body["data"])
      if (m["id"] == id) return true;
    return false;
  }
};

const std::string kOpenAIListing =
    R"({"object":"list","data":[{"id":"gpt-4o","object":"model"},{"id":"gpt-4o-mini","object":"model"},{"id":"dall-e-9"}]})";

}  // namespace

TEST_CASE("catalog: /v1/models and /v1/models/{id} never call a provider (CM-9.3.1)") {
  SyncHarness h;
  for (int i = 0; i < 50; ++i) {
    h.get_json("/v1/models");
    h.get_json("/v1/models", "view=full&all=true");
    h.get_json("/v1/models/gpt-4o");
    h.clock.advance_ms(60'000);  // L1 expires and is rebuilt from memory along the way
  }
  CHECK(h.net.requests().empty());
  CHECK(h.services().catalog_cache->l1_builds() > 2);
  CHECK(h.services().catalog_cache->provider_states()[0].last_attempt_ms == 0);  // no sync ran either
}

TEST_CASE("catalog: a sync fetches each configured provider's listing with its key") {
  SyncHarness h;
  h.net.respond(200, kOpenAIListing);
  auto outcomes = h.syncer().run(false);
  REQUIRE(outcomes.size() == 2);
  CHECK(outcomes[0].provider == "mock");
  CHECK(outcomes[0].ok);
  CHECK(outcomes[0].models == 8);
  CHECK(outcomes[1].provider == "openai");
  CHECK(outcomes[1].ok);
  auto sent = h.net.requests();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].method == "GET");
  CHECK(sent[0].url == "https://api.openai.com/v1/models");
  CHECK(sent[0].headers.get("authorization") == "Bearer sk-test-openai");
}

TEST_CASE("catalog: offers a provider no longer lists leave /v1/models; unpriced new ones never join") {
  SyncHarness h;
  CHECK(h.serves("openai/o3"));
  h.net.respond(200, kOpenAIListing);
  h.syncer().run(false);
  CHECK(h.serves("openai/gpt-4o"));
  CHECK_FALSE(h.serves("openai/o3"));  // openai's listing leaves it out
  CHECK(h.serves("openai/o3", "all=true"));
  auto one = h.get_json("/v1/models/openai/o3");
  CHECK(one["providers"][0]["listed"] == false);
  json all = h.get_json("/v1/models", "all=true");
  for (const auto& m : all["data"]) CHECK(m["id"] != "openai/dall-e-9");
  auto health = h.get_json("/health");
  CHECK(health["subsystems"]["catalog"]["sync"]["providers"]["openai"]["offers"]["not_in_catalog"] == 1);
}

TEST_CASE("catalog: a provider down during sync leaves the last good data in service (CM-9.3.2)") {
  SyncHarness h;
  h.net.respond(200, kOpenAIListing);
  h.syncer().run(false);
  std::string before = h.request("GET", "/v1/models").body;
  h.clock.advance_ms(900'000);  // the next refresh is due...
  h.net.fail(make_error(ErrorKind::kUnavailable, "connection refused"));
  h.mock_fails_next(1);  // ...and the mock's listing fails too
  auto outcomes = h.syncer().run(false);
  REQUIRE(outcomes.size() == 2);
  CHECK_FALSE(outcomes[0].ok);
  CHECK(outcomes[0].error.find("HTTP 503") == 0);
  CHECK_FALSE(outcomes[1].ok);
  CHECK(outcomes[1].error.find("connection refused") != std::string::npos);
  h.clock.advance_ms(600'000);  // past L1 and L2 TTLs: answers are rebuilt from the last good listings
  CHECK(json::parse(h.request("GET", "/v1/models").body) == json::parse(before));
  auto catalog = h.get_json("/health")["subsystems"]["catalog"];
  CHECK(catalog["status"] == "stale");
  CHECK(catalog["sync"]["providers"]["openai"]["status"] == "failing");
  CHECK(catalog["sync"]["providers"]["openai"]["last_error"].get<std::string>().find("connection refused") !=
        std::string::npos);
  CHECK(catalog["sync"]["providers"]["openai"]["age_s"] == 1500);
  CHECK(catalog["sync"]["providers"]["openai"]["models_listed"] == 3);
}

TEST_CASE("catalog: the sync runs only what is due: every interval, and a minute after a failure") {
  SyncHarness h;
  h.net.respond(200, kOpenAIListing);
  CHECK(h.syncer().run(false).size() == 2);
  CHECK(h.syncer().run(false).empty());
  CHECK(h.syncer().ms_until_due() == 900'000);
  h.clock.advance_ms(899'999);
  CHECK(h.syncer().run(false).empty());
  h.clock.advance_ms(1);
  h.net.fail(make_error(ErrorKind::kUnavailable, "down"));
  CHECK(h.syncer().run(false).size() == 2);
  CHECK(h.syncer().ms_until_due() == 60'000);
}

TEST_CASE("catalog: POST /admin/catalog/sync syncs now and reports each provider") {
  SyncHarness h;
  h.net.respond(500, R"({"error":{"message":"boom"}})");
  Reply r = h.request("POST", "/admin/catalog/sync", "{}");
  REQUIRE(r.status == 200);
  json j = json::parse(r.body);
  REQUIRE(j["fetched"].size() == 2);
  CHECK(j["fetched"][0]["ok"] == true);
  CHECK(j["fetched"][1]["error"] == "HTTP 500: boom");
  CHECK(j["catalog"]["sync"]["providers"]["mock"]["status"] == "ok");
  CHECK(j["catalog"]["sync"]["providers"]["openai"]["status"] == "failing");
}

TEST_CASE("catalog: with sync off nothing is fetched until an operator asks") {
  GatewayHarness h({}, {.env = {{"OPENAI_API_KEY", "sk"}}});
  auto catalog = h.get_json("/health")["subsystems"]["catalog"];
  CHECK(catalog["status"] == "ok");
  CHECK(catalog["source"] == "built-in");
  CHECK(catalog["sync"]["enabled"] == false);
  CHECK(catalog["sync"]["providers"]["openai"]["status"] == "pending");
  CHECK(h.net.requests().empty());
}

}  // namespace gw
