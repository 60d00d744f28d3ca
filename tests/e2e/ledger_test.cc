// E2E: accounts and the ledger over HTTP - a user's key is billed exactly,
// the CLI manages accounts with or without a server, and kill -9 under load
// never loses the ledger's agreement with the usage log nor double-charges.
#include "tests/e2e/support/ledger.h"

#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;
using nlohmann::json;

namespace {

json post(httplib::Client& c, const std::string& path, const json& body, int want = 200) {
  auto r = c.Post(path, body.dump(), "application/json");
  REQUIRE(r);
  CHECK(r->status == want);
  return json_of(r);
}

json get(httplib::Client& c, const std::string& path) {
  auto r = c.Get(path);
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return json_of(r);
}

std::string priced_chat(const std::string& text) {
  return json{{"model", "mock/echo-priced"}, {"max_tokens", 64}, {"messages", {{{"role", "user"}, {"content", text}}}}}
      .dump();
}

}  // namespace

TEST_CASE("a caller's own x-request-id is echoed but never shares a bill: reused, or borrowed from another user") {
  Stack stack;
  auto c = client(stack.serve.port());
  std::string ann = post(c, "/admin/users", {{"name", "ann"}}, 201)["key"]["secret"];
  std::string bob = post(c, "/admin/users", {{"name", "bob"}}, 201)["key"]["secret"];
  std::set<std::string> gw_ids;
  auto ask = [&](const std::string& key) {
    auto r = c.Post("/v1/chat/completions", {{"Authorization", "Bearer " + key}, {"x-request-id", "ci-run-7"}},
                    priced_chat("one two three"), "application/json");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(r->get_header_value("x-request-id") == "ci-run-7");
    const std::string own = r->get_header_value("x-gw-request-id");
    CHECK(own.rfind("req_", 0) == 0);
    gw_ids.insert(own);
  };
  ask(ann);
  ask(ann);  // the same id again: a second answer, so a second charge
  ask(bob);  // another user's id
  CHECK(gw_ids.size() == 3);
  json ann_history = get(c, "/admin/credits/ann/history");
  json bob_history = get(c, "/admin/credits/bob/history");
  int ann_charges = 0, bob_charges = 0;
  for (const json& e : ann_history["data"])
    if (e["kind"] == "charge") {
      ++ann_charges;
      CHECK(gw_ids.count(e["request_id"].get<std::string>()) == 1);
    }
  for (const json& e : bob_history["data"])
    if (e["kind"] == "charge") ++bob_charges;
  CHECK(ann_charges == 2);
  CHECK(bob_charges == 1);
}

TEST_CASE("a user's key is billed the exact catalog cost and the history shows it") {
  Stack stack;
  auto c = client(stack.serve.port());
  json created = post(c, "/admin/users", {{"name", "ann"}}, 201);
  std::string key = created["key"]["secret"];
  CHECK(key.rfind("gw_live_", 0) == 0);
  CHECK(created["user"]["balance_usd"] == "5.00");
  httplib::Headers auth = {{"Authorization", "Bearer " + key}};
  auto r = c.Post("/v1/chat/completions", auth, priced_chat("one two three four"), "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  json answer = json_of(r);
  int64_t cost = answer["usage"]["prompt_tokens"].get<int64_t>() * 10'000 +     // $1.00/M
                 answer["usage"]["completion_tokens"].get<int64_t>() * 20'000;  // $2.00/M
  json balance = get(c, "/admin/credits/ann");
  CHECK(units(balance["balance_usd"]) == units("5.00") - cost);
  json history = get(c, "/admin/credits/ann/history");
  REQUIRE(history["data"].size() == 2);
  CHECK(history["data"][0]["kind"] == "charge");
  CHECK(history["data"][0]["request_id"] == r->get_header_value("x-request-id"));
  CHECK(units(history["data"][0]["amount_usd"]) == -cost);
  auto bad =
      c.Post("/v1/chat/completions", {{"Authorization", "Bearer gw_live_nope"}}, priced_chat("x"), "application/json");
  CHECK(bad->status == 401);
  auto anthropic =
      c.Post("/v1/messages", {{"x-api-key", "gw_live_nope"}},
             R"({"model":"mock/echo","max_tokens":5,"messages":[{"role":"user","content":"x"}]})", "application/json");
  CHECK(anthropic->status == 401);
  CHECK(json_of(anthropic)["type"] == "error");  // the caller's dialect
}

TEST_CASE("a revoked key stops working on the running server at once") {
  Stack stack;
  auto c = client(stack.serve.port());
  json created = post(c, "/admin/users", {{"name", "bob"}}, 201);
  json extra = post(c, "/admin/keys", {{"user", "bob"}, {"name", "ci"}}, 201);
  httplib::Headers auth = {{"Authorization", "Bearer " + extra["secret"].get<std::string>()}};
  CHECK(c.Post("/v1/chat/completions", auth, priced_chat("hi"), "application/json")->status == 200);
  post(c, "/admin/keys/" + extra["id"].get<std::string>() + "/revoke", json::object());
  auto r = c.Post("/v1/chat/completions", auth, priced_chat("hi"), "application/json");
  CHECK(r->status == 401);
  CHECK(json_of(r)["error"]["code"] == "revoked_api_key");
}

TEST_CASE("kill -9 under load: after restart the ledger equals the usage log and nothing is charged twice") {
  TempDir dir;
  auto mock = std::make_unique<GwProcess>(std::vector<std::string>{"mock", "--port", "0"});
  // Limits off: the plan's requests/min would turn most of the load into 429s.
  dir.write("config.toml", "[limits]\nenabled = false\n[providers.mock]\nbase_url = \"http://127.0.0.1:" +
                               std::to_string(mock->port()) + "/v1\"\n");
  std::vector<std::string> serve_args = {
      "--config", dir.file("config.toml"), "--db", dir.file("gw.db"), "serve", "--port", "0", "--threads", "16"};
  auto serve = std::make_unique<GwProcess>(serve_args);
  std::string key;
  {
    auto c = client(serve->port());
    key = post(c, "/admin/users", {{"name", "crash"}, {"plan", "dev"}}, 201)["key"]["secret"];
    post(c, "/admin/credits/crash", {{"amount_usd", "100"}});
  }
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::set<std::string> answered;  // request ids the clients saw complete
  std::vector<std::thread> clients;
  for (int t = 0; t < 6; ++t)
    clients.emplace_back([&, port = serve->port()] {
      auto c = client(port);
      c.set_read_timeout(2, 0);
      httplib::Headers auth = {{"Authorization", "Bearer " + key}};
      for (int i = 0; !stop; ++i) {
        auto r = c.Post("/v1/chat/completions", auth, priced_chat("load " + std::to_string(i)), "application/json");
        if (!r) break;  // the server is gone
        if (r->status == 200) {
          std::lock_guard<std::mutex> lock(mu);
          answered.insert(r->get_header_value("x-request-id"));
        }
      }
    });
  // Let load build up, then kill without warning.
  for (int i = 0; i < 300; ++i) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (answered.size() >= 400) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // A lower bound: GET /admin/usage flushes the usage writer before it reads,
  // so every request answered before it was asked is on disk at the kill.
  std::set<std::string> durable;
  {
    std::lock_guard<std::mutex> lock(mu);
    durable = answered;
  }
  {
    auto c = client(serve->port());
    get(c, "/admin/usage?by=user&user=crash");
  }
  serve->stop(SIGKILL);
  stop = true;
  for (auto& t : clients) t.join();
  serve = std::make_unique<GwProcess>(serve_args);
  auto c = client(serve->port());

  json check = get(c, "/admin/ledger/check");
  CHECK(check["balanced"] == true);
  json history = get(c, "/admin/credits/crash/history?limit=10000");
  std::set<std::string> charged;
  int64_t sum = 0;
  for (const auto& e : history["data"]) {
    sum += units(e["amount_usd"]);
    if (e["kind"] == "charge") CHECK(charged.insert(e["request_id"].get<std::string>()).second);  // once each
  }
  json balance = get(c, "/admin/credits/crash");
  CHECK(units(balance["balance_usd"]) == sum);  // balance = the sum of its ledger entries
  json usage = get(c, "/admin/usage?by=user&user=crash");
  int64_t logged = usage["total"]["requests"].get<int64_t>();
  CHECK(logged == static_cast<int64_t>(charged.size()));                 // ledger = usage log
  CHECK(units(usage["total"]["cost_usd"]) == -(sum - units("110.00")));  // $10 dev allowance + $100 grant
  size_t answered_and_charged = 0;
  for (const auto& id : answered) answered_and_charged += charged.count(id);
  MESSAGE("crash test: " << answered.size() << " answers seen by clients, " << charged.size()
                         << " charges on disk after kill -9 (" << answered.size() - answered_and_charged
                         << " answered in the last moments before the kill were not yet written)");
  CHECK(answered.size() >= 100);
  size_t durable_charged = 0;
  for (const auto& id : durable) durable_charged += charged.count(id);
  CHECK(durable.size() >= 100);
  CHECK(durable_charged == durable.size());       // nothing written before the kill is lost
  CHECK(charged.size() <= answered.size() + 16);  // at most the in-flight requests besides those answered
}

TEST_CASE("gw usage --by user names each user, not their id") {
  Stack stack;
  auto c = client(stack.serve.port());
  json created = post(c, "/admin/users", {{"name", "ann"}}, 201);
  httplib::Headers auth = {{"Authorization", "Bearer " + created["key"]["secret"].get<std::string>()}};
  auto r = c.Post("/v1/chat/completions", auth, priced_chat("hi"), "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CliResult usage = run_gw_cli("usage --by user --url " + stack.serve.url());
  CHECK(usage.code == 0);
  CHECK(usage.out.find("\nann\t1\t") != std::string::npos);
  CHECK(usage.out.find("usr_") == std::string::npos);
}
