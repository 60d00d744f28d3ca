// model_scores.h - the quality priors the routers rank models by, compiled in
// from core/catalog/data/scores.json: per catalog model an optional general
// score (LMArena text Elo), an optional code score (SWE-bench Verified %
// resolved), each with its source, date and whether it is approximate
// ("general_approx"/"code_approx": true), and a latency prior in ms used
// until passive health has measured the model. They are published figures
// recorded as data, not measurements gw made (docs/routers.md).
// Immutable after construction; thread-safe to read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/catalog/catalog.h"

namespace gw {

struct QualityScore {
  double value = 0;     // Elo for general, % resolved for code
  std::string source;   // the sources table's text, e.g. "SWE-bench Verified % resolved, vendor-reported at release"
  std::string date;     // "2025-08": when the figure was published
  bool approx = false;  // "<kind>_approx": recalled or rounded, not copied from the source (shown with "~")
};

struct ModelScores {
  std::string model_id;  // a catalog model
  std::optional<QualityScore> general;
  std::optional<QualityScore> code;
  int64_t latency_prior_ms = 0;  // a whole short answer; > 0
  bool fixture = false;          // a mock/* test model: a candidate only when [router] mock_models = true
};

class ScoreTable {
 public:
  // Parses scores JSON against `catalog`: every id must be a catalog model,
  // every source key must be in "sources"; errors name the entry (kConfig).
  static Result<ScoreTable> parse(std::string_view json, const Catalog& catalog);
  // The compiled-in table over Catalog::builtin(). Throws std::logic_error at
  // first use if the shipped data is bad (tests guard against that).
  static const ScoreTable& builtin();

  const std::vector<ModelScores>& models() const { return models_; }
  const ModelScores* find(std::string_view model_id) const;

 private:
  std::vector<ModelScores> models_;
};

}  // namespace gw
