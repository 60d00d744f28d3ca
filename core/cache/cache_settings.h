// cache_settings.h - the [cache] settings: the response cache's mode and
// bounds (core/cache/cache_directive.h, core/cache/memory_response_cache.h).
// Plain value type; part of gw's Config (core/config/config.h), which
// parses it.
#pragma once

#include <cstdint>
#include <string>

namespace gw {

struct CacheSettings {
  std::string mode = "deterministic";  // off | deterministic (temperature 0 or a seed) | all
  std::string charge_hits = "free";    // free | full: what a hit costs its caller (core/cache/hit_charge.h)
  int64_t max_entries = 20'000;        // answers kept (CM-8.1.4); the least recently used go first
  int64_t ttl_s = 3600;                // an answer is served for this long (CM-8.1.5)
  int64_t max_mib = 256;               // memory the answers may take, MiB
};

}  // namespace gw
