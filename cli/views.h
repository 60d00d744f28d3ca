// views.h - how management commands print what a server told them: pure
// functions from the admin API's JSON to text, so golden tests pin the
// output (tests/cli/golden/). `terminal` picks aligned tables (and allows
// colour when `color`), else plain tab-separated lines. Each is defined in
// its command's file. Single-threaded.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace gw {

// `gw breakers list`: provider, state (closed green, half_open yellow, open
// red), consecutive failures, time until an open breaker lets a trial through.
std::string breakers_table(const nlohmann::json& breakers, bool terminal, bool color);  // cmd_breakers.cc

// `gw health`: status line (operational green, else red), open incidents,
// one line per subsystem, then each provider's passive health; ages are
// counted from the document's own "timestamp".
std::string health_report(const nlohmann::json& health, bool color);  // cmd_health.cc

// `gw cache stats`: the response cache's settings and counters (GET
// /admin/cache) as CACHE/VALUE rows; one line saying so when it is off.
std::string cache_stats_report(const nlohmann::json& stats, bool terminal);  // cmd_cache.cc

// "45s", "4m 05s", "1h 02m": a wait, for people.
std::string duration_words(int64_t seconds);  // cmd_breakers.cc

}  // namespace gw
