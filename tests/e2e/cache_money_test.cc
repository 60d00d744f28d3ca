// E2E: what a response-cache hit costs and records (issue: response cache,
// items 5 and 8), against gw mock: by default a hit charges nothing, its
// usage row says what it saved, and the ledger does not move; with [cache]
// charge_hits = "full" it is charged once, after pre-flight (402 in the
// caller's dialect without balance); gw usage, gw cache stats|clear and the
// admin API behind them; gw chat's quiet line says "via cache".
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/e2e/support/doors.h"
#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"
#include "tests/e2e/support/ledger.h"
#include "tests/e2e/support/pty_process.h"

using namespace gw::e2e;
using nlohmann::json;

namespace {

const char* kAsk = R"({"model":"mock/echo-priced","temperature":0,"messages":[{"role":"user","content":"cache me"}]})";
// With the most completion tokens mock/echo-priced allows: pre-flight holds
// about $0.26 for it ($2.00/M), whatever it ends up costing. Valid on
// /v1/chat/completions and /v1/messages alike.
const char* kAskLarge =
    R"({"model":"mock/echo-priced","temperature":0,"max_tokens":131072,"messages":[{"role":"user","content":"cache me"}]})";

httplib::Result ask(httplib::Client& c, const std::string& key, const std::string& route = "/v1/chat/completions",
                    const std::string& body = kAsk) {
  return c.Post(route, key.empty() ? httplib::Headers{} : bearer(key), body, "application/json");
}

json get(httplib::Client& c, const std::string& path) {
  auto r = c.Get(path);
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  return json_of(r);
}

// The /admin/usage row of `key` (grouped by provider), or null.
json usage_row(httplib::Client& c, const std::string& user, const std::string& key) {
  const json usage = get(c, "/admin/usage?by=provider&user=" + user);
  for (const auto& row : usage["rows"])
    if (row["key"] == key) return row;
  return nullptr;
}

// What mock/echo-priced's answer cost ($1.00/M prompt, $2.00/M completion), in 1e-10 USD.
int64_t echo_priced_units(const httplib::Result& r) {
  const json usage = json_of(r)["usage"];
  return usage["prompt_tokens"].get<int64_t>() * 10'000 + usage["completion_tokens"].get<int64_t>() * 20'000;
}

// Spends all but $0.25 of a trial's $5 (less what `user` has spent so far)
// on 19 priced images ($0.25 each), so that a request holding more than
// that is refused with 402 by pre-flight.
void spend_down(httplib::Client& c, const std::string& key) {
  for (int n : {10, 9}) {
    json body = {{"model", "mock/image-priced"}, {"prompt", "a lighthouse at dusk"}, {"n", n}};
    auto r = c.Post("/v1/images/generations", bearer(key), body.dump(), "application/json");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
  }
}

}  // namespace

TEST_CASE("cache money: a hit's usage row says what it saved, charges nothing, and needs no balance") {
  Stack stack;
  auto c = client(stack.serve.port());
  const std::string ann = create_user_key(c, "ann");
  REQUIRE(!ann.empty());
  auto first = ask(c, ann);
  REQUIRE(first);
  REQUIRE(first->status == 200);
  auto hit = ask(c, ann);
  REQUIRE(hit);
  CHECK(hit->get_header_value("x-gw-cache") == "hit");
  const int64_t cost = echo_priced_units(first);
  CHECK(units(hit->get_header_value("x-gw-cache-saved")) == cost);

  json cached;
  REQUIRE(eventually([&] { return !(cached = usage_row(c, "ann", "cache")).is_null(); }));
  CHECK(cached["requests"] == 1);
  CHECK(cached["cache_hits"] == 1);
  CHECK(cached["cost_usd"] == "0.00");
  CHECK(units(cached["saved_usd"]) == cost);
  CHECK(cached["prompt_tokens"] == json_of(first)["usage"]["prompt_tokens"]);  // tokens shown, not billed
  const json served = usage_row(c, "ann", "mock");
  CHECK(units(served["cost_usd"]) == cost);
  CHECK(served["cache_hits"] == 0);
  CHECK(charges(c, "ann") == std::vector<int64_t>{-cost});  // the ledger moved once: ledger = usage log

  REQUIRE(ask(c, ann, "/v1/chat/completions", kAskLarge)->status == 200);  // held $0.26, charged $0.000009
  spend_down(c, ann);
  auto poor = ask(c, ann, "/v1/chat/completions", kAskLarge);  // a free hit never reaches pre-flight
  REQUIRE(poor);
  CHECK(poor->status == 200);
  CHECK(poor->get_header_value("x-gw-cache") == "hit");

  CliResult usage = run_gw_cli("usage --by provider --user ann --url " + stack.serve.url());
  CHECK(usage.code == 0);
  CHECK_MESSAGE(usage.out.find("PROVIDER\tREQUESTS\tPROMPT\tCOMPLETION\tCOST\tCACHED\tSAVED\n") == 0, usage.out);
  CHECK_MESSAGE(usage.out.find("\ncache\t2\t") != std::string::npos, usage.out);  // both hits
}

TEST_CASE("cache money: with charge_hits = \"full\" a hit is charged once, like the answer it replays") {
  Stack stack("[cache]\ncharge_hits = \"full\"\n");
  auto c = client(stack.serve.port());
  const std::string ann = create_user_key(c, "ann");
  REQUIRE(!ann.empty());
  auto first = ask(c, ann);
  REQUIRE(first);
  auto hit = ask(c, ann);
  REQUIRE(hit);
  CHECK(hit->get_header_value("x-gw-cache") == "hit");
  CHECK_FALSE(hit->has_header("x-gw-cache-saved"));  // the caller saved nothing
  const int64_t cost = echo_priced_units(first);
  REQUIRE(eventually([&] { return charges(c, "ann").size() == 2; }));
  CHECK(charges(c, "ann") == std::vector<int64_t>{-cost, -cost});
  json cached;
  REQUIRE(eventually([&] { return !(cached = usage_row(c, "ann", "cache")).is_null(); }));
  CHECK(units(cached["cost_usd"]) == cost);
  CHECK(cached["saved_usd"] == "0.00");
  CHECK(cached["cache_hits"] == 1);
  CHECK(get(c, "/admin/cache")["charge_hits"] == "full");
}

TEST_CASE("cache money: a charged hit passes pre-flight: no balance, the usual 402 in the caller's dialect") {
  Stack stack("[cache]\ncharge_hits = \"full\"\n");
  auto c = client(stack.serve.port());
  const std::string ann = create_user_key(c, "ann");
  REQUIRE(!ann.empty());
  REQUIRE(ask(c, ann, "/v1/chat/completions", kAskLarge)->status == 200);
  auto warmed = ask(c, ann, "/v1/messages", kAskLarge);
  REQUIRE(warmed);
  REQUIRE_MESSAGE(warmed->status == 200, warmed->body);
  spend_down(c, ann);  // less than $0.25 left: neither request's hold ($0.26) is covered

  auto openai = ask(c, ann, "/v1/chat/completions", kAskLarge);
  REQUIRE(openai);
  CHECK(openai->status == 402);
  CHECK(json_of(openai)["error"]["code"] == "insufficient_credits");
  auto anthropic = ask(c, ann, "/v1/messages", kAskLarge);
  REQUIRE(anthropic);
  CHECK(anthropic->status == 402);
  CHECK(json_of(anthropic)["type"] == "error");
  CHECK(json_of(anthropic)["error"]["message"].get<std::string>().find("insufficient credits") == 0);
  CHECK(charges(c, "ann").size() == 4);  // the two answers and the two image requests, nothing more
}

TEST_CASE("gw cache stats: entries, hits, misses and stores after three misses and two hits") {
  Stack stack;
  auto c = client(stack.serve.port());
  for (const char* text : {"one", "two", "three", "one", "two"}) {
    json body = json::parse(kAsk);
    body["messages"][0]["content"] = text;
    REQUIRE(ask(c, "", "/v1/chat/completions", body.dump())->status == 200);
  }
  CliResult out = run_gw_cli("cache stats --json --url " + stack.serve.url());
  REQUIRE_MESSAGE(out.code == 0, out.out);
  const json stats = json::parse(out.out);
  CHECK(stats["entries"] == 3);
  CHECK(stats["hits"] == 2);
  CHECK(stats["misses"] == 3);
  CHECK(stats["stores"] == 3);
  CHECK(stats["mode"] == "deterministic");
  CHECK(units(stats["saved_usd"]) > 0);
  CliResult table = run_gw_cli("cache stats --url " + stack.serve.url());
  CHECK(table.code == 0);
  CHECK_MESSAGE(table.out.find("\nhits\t2\n") != std::string::npos, table.out);
  CHECK_MESSAGE(table.out.find("\nhit_ratio\t40.0%\n") != std::string::npos, table.out);
}

TEST_CASE("gw cache clear: --user and --model remove exactly those answers; the next ask is a miss") {
  Stack stack;
  auto c = client(stack.serve.port());
  const std::string ann = create_user_key(c, "ann"), bob = create_user_key(c, "bob");
  REQUIRE(!ann.empty());
  REQUIRE(!bob.empty());
  json other = json::parse(kAsk);
  other["model"] = "mock/echo";
  for (const std::string& key : {ann, bob}) REQUIRE(ask(c, key)->status == 200);
  REQUIRE(ask(c, "", "/v1/chat/completions", other.dump())->status == 200);  // the owner's

  CliResult by_user = run_gw_cli("cache clear --user ann --url " + stack.serve.url());
  CHECK(by_user.code == 0);
  CHECK(by_user.out == "removed 1 answer for ann\n");
  CHECK(ask(c, ann)->get_header_value("x-gw-cache") == "miss");
  CHECK(ask(c, bob)->get_header_value("x-gw-cache") == "hit");

  CliResult by_model = run_gw_cli("cache clear --model echo --url " + stack.serve.url());  // an alias
  CHECK(by_model.code == 0);
  CHECK(by_model.out == "removed 1 answer of mock/echo\n");
  CHECK(ask(c, "", "/v1/chat/completions", other.dump())->get_header_value("x-gw-cache") == "miss");
  CHECK(ask(c, bob)->get_header_value("x-gw-cache") == "hit");

  CHECK(run_gw_cli("cache clear --user nobody --url " + stack.serve.url()).code != 0);
}

TEST_CASE("cache admin API: the master key or an admin key; anyone else gets 401 or 403") {
  Stack stack("[server]\nmaster_key = \"gw-master-test\"\n");
  auto c = client(stack.serve.port());
  CHECK(c.Get("/admin/cache")->status == 401);
  CHECK(c.Post("/admin/cache/clear", "{}", "application/json")->status == 401);
  const httplib::Headers master = bearer("gw-master-test");
  auto made = c.Post("/admin/users", master, R"({"name":"dev","plan":"dev"})", "application/json");
  REQUIRE(made);
  REQUIRE(made->status == 201);
  const std::string dev = json_of(made)["key"]["secret"];
  CHECK(c.Get("/admin/cache", bearer(dev))->status == 403);
  CHECK(c.Post("/admin/cache/clear", bearer(dev), "{}", "application/json")->status == 403);
  CHECK(c.Get("/admin/cache", master)->status == 200);
  CHECK(run_gw_cli("cache stats --url " + stack.serve.url()).code != 0);  // no key given
  CHECK(run_gw_cli("cache stats --key gw-master-test --url " + stack.serve.url()).code == 0);
}

TEST_CASE("gw cache with no server running: a clear message and exit 69") {
  TempDir dir;
  dir.write("config.toml", "[server]\nport = 1\n");
  for (const char* args : {"cache stats", "cache clear --model echo"}) {
    CliResult r = run_gw_cli("--config " + dir.file("config.toml") + " " + args);
    CHECK(r.code == 69);  // unavailable, as gw breakers and gw health
    CHECK_MESSAGE(r.out.find("no gw server answers at http://127.0.0.1:1") != std::string::npos, r.out);
  }
}

TEST_CASE("gw chat: an answer from the server's cache says so in its quiet line, with what it saved") {
  Stack stack;
  TempDir dir;
  PtyProcess gw(
      {"--db", dir.file("chat.db"), "chat", "--url", stack.serve.url(), "-m", "mock/echo-priced", "--temperature", "0"},
      {{"HOME", dir.path()},
       {"XDG_DATA_HOME", dir.file("data")},
       {"XDG_CONFIG_HOME", dir.file("config")},
       {"GW_DB", ""},
       {"GW_CONFIG", ""},
       {"NO_COLOR", "1"},
       {"LC_ALL", "C.UTF-8"}});
  REQUIRE_MESSAGE(gw.expect("gw> ", 20000), gw.output());
  gw.type("same question\r");
  REQUIRE_MESSAGE(gw.expect("mock/echo-priced via mock \xC2\xB7 ", 20000), gw.output());
  REQUIRE(gw.expect("gw> "));
  gw.type("/clear\r");  // the same conversation again: the same request
  REQUIRE(gw.expect("gw> "));
  gw.type("same question\r");
  REQUIRE_MESSAGE(gw.expect("mock/echo-priced via cache \xC2\xB7 ", 20000), gw.output());
  CHECK_MESSAGE(gw.expect("tokens \xC2\xB7 saved $0.0000"), gw.output());
  REQUIRE(gw.expect("gw> "));
  gw.type("\x04");
  CHECK(gw.wait_exit() == 0);
}
