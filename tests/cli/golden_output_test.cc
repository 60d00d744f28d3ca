// Golden tests: the exact table and JSON output of listing commands, pinned
// in tests/cli/golden/. After an intended change, regenerate with
// GW_UPDATE_GOLDEN=1 build-X/tests/gw_unit_tests -tc="golden*" and review
// the diff.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/views.h"
#include "core/provider_table.h"
#include "tests/support/cli_run.h"
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

const std::vector<std::string> kCheapVision = {"--all", "--capability", "vision", "--max-price", "0.5", "--sort",
                                               "price"};

const nlohmann::json kBreakers = nlohmann::json::parse(R"([
  {"provider":"openai","state":"closed","consecutive_failures":0,"seconds_until_half_open":0},
  {"provider":"groq","state":"open","consecutive_failures":5,"seconds_until_half_open":245},
  {"provider":"openrouter","state":"half_open","consecutive_failures":5,"seconds_until_half_open":0}
])");

const nlohmann::json kHealth = nlohmann::json::parse(R"({
  "status":"ok","version":"0.1.0",
  "incidents":[{"severity":"high","provider":"groq","summary":"circuit breaker open after 5 failures"}],
  "subsystems":{"providers":{"traffic":{
    "groq":{"requests":40,"failures":5,"success_rate_bp":8750,"avg_latency_ms":310},
    "mock":{"requests":1200,"failures":0,"success_rate_bp":10000,"avg_latency_ms":2}}}}
})");

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

TEST_CASE("golden: gw breakers list, coloured on a terminal and plain otherwise") {
  check_golden("breakers_color.txt", breakers_table(kBreakers, true, true));
  check_golden("breakers_plain.txt", breakers_table(kBreakers, true, false));
  check_golden("breakers.tsv", breakers_table(kBreakers, false, false));
}

TEST_CASE("time to half-open reads like a person would say it") {
  CHECK(duration_words(0) == "0s");
  CHECK(duration_words(59) == "59s");
  CHECK(duration_words(245) == "4m 05s");
  CHECK(duration_words(3725) == "1h 02m");
}

}  // namespace gw
