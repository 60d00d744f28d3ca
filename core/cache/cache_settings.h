// cache_settings.h - the [cache] settings: the response cache's mode and
// bounds (core/cache/cache_directive.h, core/cache/memory_response_cache.h),
// and [cache.semantic], its opt-in semantic layer (semantic_question.h,
// semantic_guard.h, memory_semantic_index.h).
// Plain value type; part of gw's Config (core/config/config.h), which
// parses it.
#pragma once

#include <cstdint>
#include <string>

namespace gw {

// [cache.semantic]: a question close enough to one already answered (cosine
// of their embeddings, and the guard) gets that answer. Off by default.
struct SemanticCacheSettings {
  bool enabled = false;
  std::string model;                // embedding model, as sent to /v1/embeddings; required when enabled
  double threshold = 0.95;          // least cosine similarity of a hit, 0..1
  int64_t max_entries = 20'000;     // questions kept; the least recently used go first (TTL: [cache] ttl_s)
  int64_t timeout_ms = 2000;        // bound on the embedding call's connect and wait for an answer, ms
  int64_t max_messages = 4;         // longer conversations do not qualify (system messages count)
  int64_t max_prompt_chars = 2000;  // nor do longer last user turns (bytes)
};

struct CacheSettings {
  std::string mode = "deterministic";  // off | deterministic (temperature 0 or a seed) | all
  std::string charge_hits = "free";    // free | full: what a hit costs its caller (core/cache/hit_charge.h)
  int64_t max_entries = 20'000;        // answers kept (CM-8.1.4); the least recently used go first
  int64_t ttl_s = 3600;                // an answer is served for this long (CM-8.1.5)
  int64_t max_mib = 256;               // memory the answers may take, MiB
  int64_t flight_wait_s = 60;          // a request waits this long for an identical one in flight (0: never)
  SemanticCacheSettings semantic;
};

}  // namespace gw
