// Tests for `gw models show` (cli/cmd_models.cc): a media model's per-image
// and per-minute prices are printed beside its token prices, in the table
// and in --json (the same view /v1/models serves).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/support/cli_run.h"
#include "tests/support/temp_dir.h"

namespace gw {
namespace {

CliRun show(std::vector<std::string> args) {
  TempDir dir;
  dir.write("config.toml", "");
  args.insert(args.begin(), {"--config", dir.file("config.toml"), "models", "show"});
  CliRun run = run_gw(args);
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  return run;
}

bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("gw models show: per-image and per-minute prices are shown when a model has them, no $0.00 token price") {
  CliRun image = show({"mock/image-priced"});
  CHECK(has(image.out, "  price:        $0.25 per image\n"));
  CHECK_FALSE(has(image.out, "per 1M tokens"));
  CHECK_FALSE(has(image.out, "per minute"));
  CHECK(has(show({"mock/whisper"}).out, "  price:        -\n"));  // a media model with no price at all
  CHECK(
      has(show({"echo"}).out, "  price:        $0.00 prompt, $0.00 completion per 1M tokens\n"));  // a free chat model
  CliRun whisper = show({"whisper-1"});
  CHECK(has(whisper.out, "  price:        $0.006 per minute of audio\n"));
  CHECK_FALSE(has(whisper.out, "per image"));
  CHECK_FALSE(has(show({"gpt-4o"}).out, "per image"));
}

TEST_CASE("gw models show: the aliases that name the model") {
  CHECK(
      has(show({"sonnet"}).out, "  aliases:      claude-sonnet-4-5, claude-sonnet-4-5-20250929, claude-sonnet-4.5, "));
  CHECK(has(show({"mock/image"}).out, "  aliases:      -\n"));
  auto j = nlohmann::json::parse(show({"echo", "--json"}).out);
  CHECK(j["aliases"] == nlohmann::json::array({"echo"}));
}

TEST_CASE("gw models show --json: pricing.image and pricing.audio_minute in USD, only when non-zero") {
  auto image = nlohmann::json::parse(show({"mock/image-priced", "--json"}).out);
  CHECK(image["pricing"]["image"] == "0.25");
  CHECK_FALSE(image["pricing"].contains("audio_minute"));
  auto whisper = nlohmann::json::parse(show({"openai/whisper-large-v3", "--json"}).out);
  CHECK(whisper["pricing"]["audio_minute"] == "0.00185");
  CHECK_FALSE(whisper["pricing"].contains("image"));
  CHECK(whisper["pricing"]["unit"] == "USD per 1M tokens");
}

}  // namespace gw
