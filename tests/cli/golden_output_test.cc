// Golden tests: the exact table and JSON output of listing commands, pinned
// in tests/cli/golden/. What would differ from run to run is held still:
// fixed JSON documents for the views, FakeClock time for a served gateway,
// and the build's version written as <version>. After an intended change,
// regenerate with GW_UPDATE_GOLDEN=1 build-X/tests/gw_unit_tests
// -tc="golden*" and review the diff.
#include <doctest/doctest.h>
#include <httplib.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/views.h"
#include "core/providers/provider_table.h"
#include "proxy/server/http_server.h"
#include "tests/support/cli_run.h"
#include "tests/support/gateway_harness.h"
#include "tests/support/scoped_env.h"
#include "tests/support/temp_dir.h"

namespace gw {
namespace {

void check_golden(const std::string& name, const std::string& actual) {
  const std::string relative = "tests/cli/golden/" + name;
  if (const char* update = std::getenv("GW_UPDATE_GOLDEN"); update && *update) {
    std::ofstream(std::string(GW_SOURCE_DIR) + "/" + relative, std::ios::binary) << actual;
    return;
  }
  std::string expected = source_file(relative);
  REQUIRE_MESSAGE(!expected.empty(), relative << " is missing (GW_UPDATE_GOLDEN=1 writes it)");
  CHECK(actual == expected);
}

// No provider credentials in the environment, so which providers are
// "available" cannot depend on the machine the test runs on.
class NoProviderKeys {
 public:
  NoProviderKeys() {
    for (const ProviderInfo& p : provider_table())
      if (!p.key_env.empty()) unset_.push_back(std::make_unique<ScopedEnv>(p.key_env.c_str(), nullptr));
  }

 private:
  std::vector<std::unique_ptr<ScopedEnv>> unset_;
};

// `gw models list ...` with an empty config file and no provider keys, so
// only the built-in defaults count.
CliRun models(std::vector<std::string> args, bool tty) {
  NoProviderKeys no_keys;
  TempDir dir;
  dir.write("config.toml", "");
  args.insert(args.begin(), {"--config", dir.file("config.toml"), "models", "list"});
  CliRun run = run_gw(args, CliEnv{"", tty});
  REQUIRE(run.exit_code == 0);
  return run;
}

const std::vector<std::string> kCheapVision = {"--all", "--capability", "vision", "--max-price",
                                               "0.5",   "--sort",       "price"};

const nlohmann::json kBreakers = nlohmann::json::parse(R"([
  {"provider":"openai","state":"closed","consecutive_failures":0,"seconds_until_half_open":0},
  {"provider":"groq","state":"open","consecutive_failures":5,"seconds_until_half_open":245},
  {"provider":"openrouter","state":"half_open","consecutive_failures":5,"seconds_until_half_open":0}
])");

// A degraded server's /health document, with every part health_report()
// prints: an incident on a model, a failing catalog sync, an open breaker,
// active checks on, and provider figures computed 90 s before "timestamp".
const nlohmann::json kHealth = nlohmann::json::parse(R"({
  "status":"degraded","version":"0.1.0","timestamp":1700000090,
  "incidents":[{"severity":"high","provider":"groq","model":"meta-llama/llama-3.3-70b-instruct",
                "summary":"circuit breaker open after 5 failures","opened_at":1700000000}],
  "subsystems":{
    "database":{"status":"ok","usage_written":1240,"usage_failed":0},
    "catalog":{"status":"ok","models":57,"source":"synced",
               "sync":{"enabled":true,"age_s":300,
                       "providers":{"groq":{"status":"failing","last_error":"HTTP 503"},"openai":{"status":"ok"}}}},
    "breakers":{"status":"degraded","closed":1,"open":1,"half_open":0,"tripped":["groq"]},
    "active_checks":{"enabled":true,"spend_today":"0.0125","daily_spend_cap":"1.00","checks_today":25,
                     "skipped_over_cap_today":0,"tiers":{"critical":4,"popular":10,"standard":43}},
    "providers":{"as_of":1700000000,"traffic":{
      "groq":{"requests":40,"failures":5,"success_rate_bp":8750,"p50_latency_ms":280,"avg_latency_ms":310},
      "mock":{"requests":1200,"failures":0,"success_rate_bp":10000,"p50_latency_ms":1,"avg_latency_ms":2}}}}
})");

// A gateway (GatewayHarness: FakeClock, no provider keys, so only the mock
// is enabled) served on a free loopback port, for commands that ask a
// running server. Stopped and joined when it goes away.
class ServedGateway {
 public:
  ServedGateway() : server_(options(), [this](const InboundRequest& in) { return harness.gateway->handle(in); }) {
    auto port = server_.bind();
    REQUIRE(port);
    url = "http://127.0.0.1:" + std::to_string(*port);
    thread_ = std::thread([this] { server_.run(); });
    // A first answer: the server is accepting, so stop() will end run().
    httplib::Client client("127.0.0.1", *port);
    client.set_read_timeout(10, 0);
    REQUIRE(client.Get("/v1/models"));
  }
  ~ServedGateway() {
    server_.stop();
    thread_.join();
  }

  GatewayHarness harness{{}, {.env = {}}};  // only the mock provider
  std::string url;

 private:
  static ServerOptions options() {
    ServerOptions o;
    o.port = 0;
    o.threads = 2;
    return o;
  }
  HttpServer server_;
  std::thread thread_;
};

// The build's version changes with every release; goldens say <version>.
std::string without_version(std::string text) {
  for (const std::string& from : {std::string("(gw ") + GW_VERSION + ")", std::string("\"") + GW_VERSION + "\""}) {
    std::string to = from.front() == '(' ? "(gw <version>)" : "\"<version>\"";
    for (size_t at; (at = text.find(from)) != std::string::npos;) text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

TEST_CASE("golden: gw models list filtered and sorted, as a terminal table") {
  check_golden("models_cheap_vision.txt", models(kCheapVision, true).out);
}

TEST_CASE("golden: gw models list filtered and sorted, tab-separated for scripts") {
  check_golden("models_cheap_vision.tsv", models(kCheapVision, false).out);
}

TEST_CASE("golden: gw models list --json with the same filters") {
  std::vector<std::string> args = kCheapVision;
  args.push_back("--json");
  check_golden("models_cheap_vision.json", models(args, true).out);
}

TEST_CASE("golden: gw models list --provider mock (always available)") {
  check_golden("models_mock.txt", models({"--provider", "mock", "--sort", "context"}, true).out);
}

TEST_CASE("golden: gw chat --help names what each argument takes, its positionals and EXAMPLES") {
  CliRun help = run_gw({"chat", "--help"});
  CHECK(help.exit_code == 0);
  check_golden("chat_help.txt", help.out);
}

TEST_CASE("golden: gw breakers list, coloured on a terminal and plain otherwise") {
  check_golden("breakers_color.txt", breakers_table(kBreakers, true, true));
  check_golden("breakers_plain.txt", breakers_table(kBreakers, true, false));
  check_golden("breakers.tsv", breakers_table(kBreakers, false, false));
}

TEST_CASE("golden: gw health of a degraded server, coloured on a terminal and plain otherwise") {
  check_golden("health.txt", health_report(kHealth, false));
  check_golden("health_color.txt", health_report(kHealth, true));
}

TEST_CASE("golden: gw health and gw health --json against a running server") {
  ServedGateway served;
  REQUIRE(served.harness.ask("mock/echo").status == 200);  // some provider traffic to show
  CliRun table = run_gw({"health", "--url", served.url});
  CHECK_MESSAGE(table.exit_code == 0, table.err);
  check_golden("health_served.txt", without_version(table.out));
  CliRun json = run_gw({"health", "--url", served.url, "--json"});
  CHECK_MESSAGE(json.exit_code == 0, json.err);
  check_golden("health_served.json", without_version(json.out));
}

TEST_CASE("time to half-open reads like a person would say it") {
  CHECK(duration_words(0) == "0s");
  CHECK(duration_words(59) == "59s");
  CHECK(duration_words(245) == "4m 05s");
  CHECK(duration_words(3725) == "1h 02m");
}

}  // namespace gw
