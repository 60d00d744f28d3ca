// The response cache's admin API (proxy/routes/admin_cache.cc) and what a
// hit tells its caller, on an in-process gateway (no sockets, no sleeps).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/base/money.h"
#include "tests/support/gateway_harness.h"

namespace gw {
namespace {

using nlohmann::json;

const json kAsk = {
    {"model", "mock/echo-priced"}, {"temperature", 0}, {"messages", {{{"role", "user"}, {"content", "cache me"}}}}};

// What an answer of mock/echo-priced ($1.00/M prompt, $2.00/M completion) costs.
Money echo_priced_cost(const Reply& r) {
  const json usage = json::parse(r.body)["usage"];
  return Money::from_units(usage["prompt_tokens"].get<int64_t>() * 10'000 +
                           usage["completion_tokens"].get<int64_t>() * 20'000);
}

json post_json(GatewayHarness& h, const std::string& path, const json& body) {
  Reply r = h.request("POST", path, body.dump());
  CHECK(r.status == 200);
  return json::parse(r.body);
}

}  // namespace

TEST_CASE("admin cache: counters since start, and a free hit says what it saved") {
  GatewayHarness h;
  Reply first = h.chat(kAsk);
  REQUIRE(first.status == 200);
  CHECK(first.headers.get("x-gw-cache") == "miss");
  CHECK_FALSE(first.headers.has("x-gw-cache-saved"));
  const Money cost = echo_priced_cost(first);
  REQUIRE(cost > Money{});
  Reply hit = h.chat(kAsk);
  CHECK(hit.headers.get("x-gw-cache") == "hit");
  CHECK(hit.headers.get("x-gw-cache-saved") == cost.to_string());
  h.chat(kAsk);

  json stats = h.get_json("/admin/cache");
  CHECK(stats["enabled"] == true);
  CHECK(stats["mode"] == "deterministic");
  CHECK(stats["charge_hits"] == "free");
  CHECK(stats["entries"] == 1);
  CHECK(stats["hits"] == 2);
  CHECK(stats["misses"] == 1);
  CHECK(stats["stores"] == 1);
  CHECK(stats["hit_ratio"].get<double>() == doctest::Approx(2.0 / 3.0));
  CHECK(stats["saved_usd"] == cost.times(2)->to_string());
  CHECK(stats["max_entries"] == 20000);
}

TEST_CASE("admin cache: clear by model (an alias too) and by user removes exactly those answers") {
  GatewayHarness h;
  REQUIRE(h.chat(kAsk).status == 200);
  json other = kAsk;
  other["model"] = "mock/echo";
  REQUIRE(h.chat(other).status == 200);
  CHECK(h.get_json("/admin/cache")["entries"] == 2);

  CHECK(post_json(h, "/admin/cache/clear", {{"user", "anonymous"}})["removed"] == 0);  // the owner asked
  json cleared = post_json(h, "/admin/cache/clear", {{"model", "mock/echo"}, {"user", "owner"}});
  CHECK(cleared["removed"] == 1);
  CHECK(cleared["model"] == "mock/echo");
  CHECK(cleared["user"] == "owner");
  CHECK(h.chat(other).headers.get("x-gw-cache") == "miss");  // asked the provider again
  CHECK(h.chat(kAsk).headers.get("x-gw-cache") == "hit");    // the other model's answer stayed
  CHECK(post_json(h, "/admin/cache/clear", json::object())["removed"] == 2);
  CHECK(h.get_json("/admin/cache")["entries"] == 0);
}

TEST_CASE("admin cache: a bad clear request is a 400; an unknown user a 404 (no accounts here)") {
  GatewayHarness h;
  CHECK(h.request("POST", "/admin/cache/clear", R"({"model":7})").status == 400);
  CHECK(h.request("POST", "/admin/cache/clear", "[1]").status == 400);
  CHECK(h.request("POST", "/admin/cache/clear", R"({"user":"zed"})").status == 404);
}

TEST_CASE("admin cache: only for admins once a master key is set") {
  HarnessOptions o;
  o.env = {{"GW_MASTER_KEY", "master-secret"}};
  GatewayHarness h({}, o);
  CHECK(h.get("/admin/cache").status == 401);
  CHECK(h.request("POST", "/admin/cache/clear", "{}").status == 401);
  Headers admin;
  admin.add("Authorization", "Bearer master-secret");
  CHECK(h.request("GET", "/admin/cache", "", "", admin).status == 200);
  CHECK(h.request("POST", "/admin/cache/clear", "{}", "", admin).status == 200);
}

TEST_CASE("admin cache: with [cache] mode = \"off\" it says so and clears nothing") {
  GatewayHarness h(config_with([](Config& c) { c.cache.mode = "off"; }));
  json stats = h.get_json("/admin/cache");
  CHECK(stats["enabled"] == false);
  CHECK(stats["mode"] == "off");
  CHECK(post_json(h, "/admin/cache/clear", json::object())["removed"] == 0);
}

}  // namespace gw
