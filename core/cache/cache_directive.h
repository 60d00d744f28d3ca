// cache_directive.h - what a request may do with the response cache: the
// [cache] mode, the caller's Cache-Control (no-cache: skip the read,
// no-store: skip the write, max-age=N: accept a stored answer only if it is
// at most N seconds old) and gw's own x-gw-cache header (off | read |
// write) for clients that cannot set Cache-Control; x-gw-cache-replay
// (instant | paced) says how a stored stream is replayed.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/base/result.h"
#include "core/http/http_types.h"

namespace gw {

// [cache] mode: which requests are cached at all.
enum class CacheMode {
  kOff,
  kDeterministic,  // the default: requests with temperature 0 or a seed
  kAll,
};
Result<CacheMode> parse_cache_mode(std::string_view text);  // "off" | "deterministic" | "all"

struct CacheDirective {
  bool read = true;                  // may be answered from the cache
  bool write = true;                 // its answer may be stored
  std::optional<int64_t> max_age_s;  // a stored answer older than this is not used
  bool paced = false;                // replay a stored stream at its recorded pace (else at once)
  bool cacheable() const { return read || write; }
};

// The directive for one request: the mode and the body decide whether it
// is a candidate at all (kDeterministic: a top-level "temperature" of 0 or
// a "seed"); then Cache-Control and x-gw-cache narrow it. Unknown
// Cache-Control directives are ignored, as HTTP caches do; an unknown
// x-gw-cache or x-gw-cache-replay value is a kInvalidRequest naming the
// header.
Result<CacheDirective> cache_directive(CacheMode mode, std::string_view body, const Headers& headers);

}  // namespace gw
