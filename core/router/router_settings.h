// router_settings.h - the [router] settings (docs/routers.md). Plain value
// type; part of gw's Config (core/config/config.h), which parses it.
#pragma once

#include <cstdint>

namespace gw {

struct RouterSettings {
  int64_t sticky_ttl_s = 3600;     // seconds a conversation keeps its routed model after its last request
  int64_t sticky_entries = 10000;  // conversations remembered (least recently used dropped first)
  int64_t general_floor = 1350;    // router:general:cost picks the cheapest model with an arena Elo >= this
  int64_t latency_samples = 5;     // measured answers (last hour) before a model's p50 replaces its latency prior
  // router:general:balanced's utility weights (relative; route_choice.h has
  // the formula). Chosen by sweeping every 10-point (then 5-point) split with
  // `gw route eval -m router:general:balanced tests/data/router_eval.jsonl`
  // (every provider counted as configured; docs/routers.md has the table)
  // for the rule stated before looking: the highest mean arena Elo whose
  // routed cost is at most 10% of always using the best model, latency
  // weighing at least 10, then the widest utility margin to the runner-up.
  // 60/30/10 picks qwen/qwen3-235b-a22b (Elo 1400, 6.2% of always-best's
  // cost); the earlier 50/30/20 picked google/gemma-3-27b-it (Elo 1363,
  // 1.8%), 92 Elo below the best. The margin is thin (0.006): a score change
  // of a few points moves the pick, so re-run the sweep when scores.json changes.
  int64_t balanced_quality = 60;
  int64_t balanced_price = 30;
  int64_t balanced_latency = 10;
  bool mock_models = false;  // let the routers pick mock/* models (tests); off: never
};

}  // namespace gw
