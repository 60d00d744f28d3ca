// dashboard_api_test.cc - the dashboard's API in-process (real SQLite,
// FakeClock, FakeHttpClient for providers): its numbers equal the admin
// API's, the request log pages through every row once, a request's detail
// shows its failover path and cost, and bodies are kept only when
// [log] store_bodies is on. No sockets, no sleeps.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "proxy/dashboard/overview_report.h"
#include "proxy/io/rollup_sql.h"
#include "tests/support/billing_fixture.h"

namespace gw {
namespace {

using nlohmann::json;

const std::string kAnswer =
    R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}],"usage":{"prompt_tokens":30,"completion_tokens":7,"total_tokens":37}})";

json gpt4o(std::string text = "hi") {
  return {{"model", "openai/gpt-4o"}, {"messages", json::array({{{"role", "user"}, {"content", text}}})}};
}

json get(Billing& b, const std::string& path, const std::string& query = "") {
  InboundRequest in;
  in.method = "GET";
  in.path = path;
  in.query = query;
  in.remote_addr = "127.0.0.1";
  Reply r = b.gateway->handle(in);
  INFO(path << "?" << query << " -> " << r.body);
  REQUIRE(r.status == 200);
  return json::parse(r.body);
}

// `n` answered requests by `key`, each served by openai.
void traffic(Billing& b, const std::string& key, int n) {
  for (int i = 0; i < n; ++i) {
    b.net.respond(200, kAnswer);
    REQUIRE(b.chat(key, gpt4o()).status == 200);
    b.clock.advance_ms(1000);
  }
}

}  // namespace

TEST_CASE("dashboard: the overview's totals and breakdowns equal gw usage's (the admin API)") {
  Billing b;
  const std::string ada = b.user("ada", PlanId::kDev), bob = b.user("bob", PlanId::kDev);
  traffic(b, ada, 5);
  traffic(b, bob, 3);
  b.net.respond(400, R"({"error":{"message":"bad"}})");  // a caller error: counted as an error
  CHECK(b.chat(bob, gpt4o()).status == 400);
  for (std::string window : {"1h", "24h", "7d", "30d"}) {
    json o = get(b, "/ui/api/overview", "window=" + window + "&by=user");
    json u = get(b, "/admin/usage", "by=user");
    CAPTURE(window);
    CHECK(o["totals"]["requests"] == u["total"]["requests"]);
    CHECK(o["totals"]["cost_usd"] == u["total"]["cost_usd"]);
    CHECK(o["totals"]["prompt_tokens"] == u["total"]["prompt_tokens"]);
    CHECK(o["totals"]["errors"] == 1);
    REQUIRE(o["rows"].size() == 2);
    std::map<std::string, json> by_name;
    for (const json& row : o["rows"]) by_name[row["label"]] = row;
    for (const json& row : u["rows"]) {
      CHECK(by_name[row["key"]]["requests"] == row["requests"]);
      CHECK(by_name[row["key"]]["cost_usd"] == row["cost_usd"]);
    }
  }
  json o = get(b, "/ui/api/overview", "window=24h&by=model");
  CHECK(o["rows"][0]["key"] == "openai/gpt-4o");
  CHECK(o["series"].size() == 24);
  CHECK(o["totals"]["p50_ms"].is_number());
}

TEST_CASE("dashboard: the rollups the writer keeps equal a rebuild from usage_log") {
  Billing b;
  const std::string ada = b.user("ada", PlanId::kDev);
  traffic(b, ada, 4);
  b.clock.advance_ms(2 * 3'600'000);
  traffic(b, ada, 2);
  b.gateway->flush();
  auto db = Database::open(b.db.file("gw.db"));
  REQUIRE(db);
  auto dump = [&] {
    auto rows = (*db)->query("SELECT grain_ms, dim, bucket_ms, value, requests, errors, cost_units, prompt_tokens, " +
                             rollup_histogram_columns() + " FROM usage_rollup ORDER BY 1, 2, 3, 4");
    REQUIRE(rows);
    return *rows;
  };
  auto kept = dump();
  CHECK(kept.size() > 10);
  REQUIRE((*db)->exec("DELETE FROM usage_rollup"));
  // The rebuild keeps minute rows of the last two days of real time only: compare hours and days.
  REQUIRE((*db)->exec(rollup_backfill_sql()));
  auto rebuilt = dump();
  std::vector<SqlRow> kept_long, rebuilt_long;
  for (auto& r : kept)
    if (std::get<int64_t>(r[0]) != kMinuteMs) kept_long.push_back(r);
  for (auto& r : rebuilt)
    if (std::get<int64_t>(r[0]) != kMinuteMs) rebuilt_long.push_back(r);
  CHECK(kept_long == rebuilt_long);
}

TEST_CASE("dashboard: the request log pages newest first, each row once, and filters") {
  Billing b;
  const std::string ada = b.user("ada", PlanId::kDev), bob = b.user("bob", PlanId::kDev);
  traffic(b, ada, 70);
  traffic(b, bob, 50);
  std::set<std::string> seen;
  std::string before;
  int pages = 0;
  int64_t last_time = INT64_MAX;
  while (true) {
    json page = get(b, "/ui/api/requests", "limit=50" + (before.empty() ? "" : "&before=" + before));
    ++pages;
    for (const json& row : page["rows"]) {
      CHECK(seen.insert(row["request_id"].get<std::string>()).second);
      CHECK(row["created_ms"].get<int64_t>() <= last_time);
      last_time = row["created_ms"];
    }
    if (page["next_before"].is_null()) break;
    before = std::to_string(page["next_before"].get<int64_t>());
  }
  CHECK(seen.size() == 120);
  CHECK(pages == 3);
  json bobs = get(b, "/ui/api/requests", "user=bob&limit=200");
  CHECK(bobs["rows"].size() == 50);
  CHECK(bobs["rows"][0]["user"] == "bob");
  CHECK(get(b, "/ui/api/requests", "status=error")["rows"].empty());
  CHECK(get(b, "/ui/api/requests", "model=openai/gpt-4o&limit=10")["rows"].size() == 10);
  CHECK(get(b, "/ui/api/requests", "user=nobody")["rows"].empty());
  const int64_t now = b.clock.now_unix_ms();
  CHECK(get(b, "/ui/api/requests", "since=" + std::to_string(now - 10'500) + "&limit=200")["rows"].size() == 10);
}

TEST_CASE("dashboard: a request's detail shows its failover path, attempts and exact cost") {
  Billing b;
  const std::string ada = b.user("ada", PlanId::kDev);
  b.net.respond(503, R"({"error":{"message":"overloaded"}})");
  b.net.respond(200, kAnswer);
  Reply r = b.chat(ada, gpt4o());
  REQUIRE(r.status == 200);
  const std::string id(r.headers.get("x-request-id"));
  json d = get(b, "/ui/api/requests/" + id);
  CHECK(d["attempts"] == 2);
  CHECK(d["failover"] == "openai:503 openrouter:200");
  CHECK(d["provider"] == "openrouter");
  CHECK(d["route"] == "/v1/chat/completions");
  CHECK(d["prompt_tokens"] == 30);
  json usage = get(b, "/admin/usage");
  CHECK(d["cost_usd"] == usage["total"]["cost_usd"]);
  CHECK(d["user"] == "ada");
  CHECK(d["bodies_stored"] == false);  // [log] store_bodies is off by default
  CHECK_FALSE(d.contains("request_body"));
}

TEST_CASE("dashboard: with [log] store_bodies the detail shows the prompt and the answer") {
  Config c;
  c.log.store_bodies = true;
  Billing b(c);
  const std::string ada = b.user("ada", PlanId::kDev);
  b.net.respond(200, kAnswer);
  Reply r = b.chat(ada, gpt4o("a secret plan"));
  REQUIRE(r.status == 200);
  json d = get(b, "/ui/api/requests/" + std::string(r.headers.get("x-request-id")));
  CHECK(d["bodies_stored"] == true);
  CHECK(d["request_body"].get<std::string>().find("a secret plan") != std::string::npos);
  CHECK(d["response_body"].get<std::string>().find("hello") != std::string::npos);
}

TEST_CASE("dashboard: the CSV export holds the breakdown with exact money") {
  Billing b;
  traffic(b, b.user("ada", PlanId::kDev), 2);
  InboundRequest in;
  in.method = "GET";
  in.path = "/ui/api/overview.csv";
  in.query = "window=24h&by=model";
  in.remote_addr = "127.0.0.1";
  Reply r = b.gateway->handle(in);
  REQUIRE(r.status == 200);
  CHECK(r.content_type.find("text/csv") == 0);
  json usage = get(b, "/admin/usage");
  CHECK(r.body.find("key,label,requests") == 0);
  CHECK(r.body.find("openai/gpt-4o,openai/gpt-4o,2,0,0.0,") != std::string::npos);
  CHECK(r.body.find(usage["total"]["cost_usd"].get<std::string>()) != std::string::npos);
}

TEST_CASE("dashboard: bad parameters are 400s naming the parameter") {
  Billing b;
  InboundRequest in;
  in.method = "GET";
  in.remote_addr = "127.0.0.1";
  for (auto [path, query] : {std::pair{"/ui/api/overview", "window=2h"},
                             {"/ui/api/overview", "by=team"},
                             {"/ui/api/requests", "limit=0"},
                             {"/ui/api/requests", "status=bad"}}) {
    in.path = path;
    in.query = query;
    Reply r = b.gateway->handle(in);
    CHECK(r.status == 400);
  }
}

}  // namespace gw
