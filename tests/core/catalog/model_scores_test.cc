#include "core/catalog/model_scores.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("the shipped scores parse: every entry is a catalog model with a source and date per score") {
  const ScoreTable& t = ScoreTable::builtin();
  REQUIRE(t.models().size() >= 30);
  int code = 0;
  for (const auto& m : t.models()) {
    CAPTURE(m.model_id);
    CHECK(Catalog::builtin().find(m.model_id) != nullptr);
    CHECK(m.latency_prior_ms > 0);
    CHECK((m.general || m.code));
    if (m.code) {
      ++code;
      CHECK(!m.code->source.empty());
      CHECK(m.code->date.size() == 7);
    }
    if (m.general) CHECK(!m.general->source.empty());
  }
  CHECK(code >= 20);
  CHECK(t.find("mock/echo")->fixture);
  CHECK_FALSE(t.find("openai/gpt-5")->fixture);
}

TEST_CASE("scores naming an unknown model, source or a bad date are refused") {
  const Catalog& c = Catalog::builtin();
  auto one = [&](const std::string& entry) {
    return ScoreTable::parse(R"({"sources":{"s":"x"},"models":[)" + entry + "]}", c);
  };
  CHECK(one(R"({"id":"openai/gpt-5","code":70,"code_source":"s","code_date":"2025-08","latency_ms":1})"));
  CHECK_FALSE(one(R"({"id":"nope/model","code":70,"code_source":"s","code_date":"2025-08","latency_ms":1})"));
  CHECK_FALSE(one(R"({"id":"openai/gpt-5","code":70,"code_source":"t","code_date":"2025-08","latency_ms":1})"));
  CHECK_FALSE(one(R"({"id":"openai/gpt-5","code":70,"code_source":"s","code_date":"2025","latency_ms":1})"));
  CHECK_FALSE(one(R"({"id":"openai/gpt-5","code":70,"code_source":"s","code_date":"2025-08"})"));
}

}  // namespace gw
