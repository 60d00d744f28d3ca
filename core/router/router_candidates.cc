#include "core/router/router_candidates.h"

namespace gw {

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
    RouterCandidate c{m, &s, 0, 0};
    if (latency)
      for (const auto& rc : resolved->candidates) {
        auto l = latency(rc.provider->slug, m->id);
        if (l && l->samples >= settings.latency_samples &&
            (c.samples < settings.latency_samples || l->p50_ms < c.p50_ms))
          c.p50_ms = l->p50_ms, c.samples = l->samples;
        else if (l && c.samples == 0) c.p50_ms = l->p50_ms, c.samples = l->samples;
      }
    out.push_back(c);
  }
  return out;
}

}  // namespace gw
