#include "core/catalog/model_scores.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/json/json_parse.h"

namespace gw::data {
extern const std::string_view k_scores;
}  // namespace gw::data

namespace gw {
namespace {

Error bad(const std::string& what) { return make_error(ErrorKind::kConfig, "scores: " + what); }

// One score ("general" or "code") of entry `e`, if it has one.
Result<std::optional<QualityScore>> read_score(const nlohmann::json& e, const std::string& kind,
                                               const nlohmann::json& sources, const std::string& id) {
  if (!e.contains(kind)) return std::optional<QualityScore>{};
  const auto& v = e[kind];
  const auto& src = e.value(kind + "_source", std::string{});
  const auto& date = e.value(kind + "_date", std::string{});
  if (!v.is_number() || v.get<double>() < 0) return bad(id + " " + kind + " must be a number >= 0");
  if (!sources.contains(src) || !sources[src].is_string())
    return bad(id + " " + kind + "_source is not a known source");
  if (date.size() != 7 || date[4] != '-') return bad(id + " " + kind + "_date must be YYYY-MM");
  const std::string approx_key = kind + "_approx";
  if (e.contains(approx_key) && !e[approx_key].is_boolean())
    return bad(id + " " + approx_key + " must be true or false");
  return std::optional<QualityScore>{
      QualityScore{v.get<double>(), sources[src].get<std::string>(), date, e.value(approx_key, false)}};
}

}  // namespace

Result<ScoreTable> ScoreTable::parse(std::string_view json, const Catalog& catalog) {
  nlohmann::json doc = parse_json(json);
  if (doc.is_discarded() || !doc.is_object()) return bad("not a JSON object");
  const auto& sources = doc["sources"];
  const auto& models = doc["models"];
  if (!sources.is_object() || !models.is_array()) return bad("needs \"sources\" and \"models\"");
  ScoreTable t;
  for (const auto& e : models) {
    if (!e.is_object() || !e.contains("id") || !e["id"].is_string()) return bad("an entry without an id");
    ModelScores m;
    m.model_id = e["id"].get<std::string>();
    if (!catalog.find(m.model_id)) return bad(m.model_id + " is not a catalog model");
    if (t.find(m.model_id)) return bad(m.model_id + " is listed twice");
    auto general = read_score(e, "general", sources, m.model_id);
    if (!general) return general.error();
    auto code = read_score(e, "code", sources, m.model_id);
    if (!code) return code.error();
    m.general = *general;
    m.code = *code;
    m.latency_prior_ms = e.value("latency_ms", int64_t{0});
    if (m.latency_prior_ms <= 0) return bad(m.model_id + " latency_ms must be > 0");
    m.fixture = m.model_id.rfind("mock/", 0) == 0;
    t.models_.push_back(std::move(m));
  }
  return t;
}

const ScoreTable& ScoreTable::builtin() {
  static const ScoreTable table = [] {
    auto t = parse(data::k_scores, Catalog::builtin());
    if (!t) throw std::logic_error("built-in scores: " + t.error().message);
    return std::move(t).value();
  }();
  return table;
}

const ModelScores* ScoreTable::find(std::string_view model_id) const {
  for (const auto& m : models_)
    if (m.model_id == model_id) return &m;
  return nullptr;
}

}  // namespace gw
