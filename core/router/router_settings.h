// router_settings.h - the [router] settings (docs/routers.md). Plain value
// type; part of gw's Config (core/config/config.h), which parses it.
#pragma once

#include <cstdint>

namespace gw {

struct RouterSettings {
  int64_t sticky_ttl_s = 3600;     // seconds a conversation keeps its routed model after its last request
  int64_t sticky_entries = 10000;  // conversations remembered (least recently used dropped first)
  int64_t general_floor = 1350;    // router:general:cost picks the cheapest model with an arena Elo >= this
  int64_t latency_samples = 5;     // measured attempts before a model's p50 replaces its latency prior
  bool mock_models = false;        // let the routers pick mock/* models (tests); off: never
};

}  // namespace gw
