#include "core/router/router_candidates.h"

namespace gw {
namespace {

// True when `l` should replace `best` as the model's measured latency.
bool better_measured(const AnswerLatency& l, const AnswerLatency& best, int64_t enough) {
  const bool l_enough = l.total_samples >= enough, best_enough = best.total_samples >= enough;
  if (l_enough != best_enough) return l_enough;
  if (l_enough) return l.total_p50_ms < best.total_p50_ms;
  return l.total_samples > best.total_samples;
}

}  // namespace

std::vector<RouterCandidate> router_candidates(const ScoreTable& scores, const ModelResolver& resolver,
                                               const Catalog& catalog, const RouterSettings& settings,
                                               const CandidateCheck& usable, const LatencyLookup& latency) {
  std::vector<RouterCandidate> out;
  for (const auto& s : scores.models()) {
    if (s.fixture && !settings.mock_models) continue;
    const CatalogModel* m = catalog.find(s.model_id);
    if (!m || m->modality.size() < 6 || m->modality.compare(m->modality.size() - 6, 6, "->text") != 0) continue;
    auto resolved = resolver.resolve(m->id, "");
    if (!resolved || (usable && !usable(*resolved))) continue;
    RouterCandidate c{m, &s, {}};
    if (latency)
      for (const auto& rc : resolved->candidates) {
        AnswerLatency l = latency(rc.provider->slug, m->id);
        if (l.total_samples > 0 && better_measured(l, c.measured, settings.latency_samples)) c.measured = l;
      }
    out.push_back(c);
  }
  return out;
}

}  // namespace gw
