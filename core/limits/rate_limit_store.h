// rate_limit_store.h - where the rate limiter keeps its counters: the seam
// between the limiter's rules (core/limits/rate_limiter.h) and the place the numbers
// live. Today that is process memory (MemoryRateLimitStore, with
// LruRateLimitStore as the fallback behind FallbackRateLimitStore); a shared
// store (Redis: INCRBY + PEXPIREAT per window, INCRBY for gauges) will let
// several `gw serve` instances share one set of counters behind the same
// interface (proxy/io/redis_rate_limit_store.h).
//
// Two kinds of value, each under a name such as "key:key_0a1b:m":
//   - a windowed counter: a total for one fixed window [start, start + length)
//     that starts from zero in each new window and expires when it ends;
//   - a gauge: a level that goes up and down (requests in flight), never
//     below zero.
//
// Failure: an implementation may return an error or throw; callers (the
// fallback chain) handle both. A gauge raised in one store and lowered after
// a failover in the other stays raised in the first, so a shared store
// should let its gauges expire (minutes). Implementations must be
// thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace gw {

// What add_and_hold() did: the window's new total, and the slot gauge's
// level: 0 when the window was over its limit (the gauge was not touched),
// above slot_limit when the slot was refused (the gauge was left as it was),
// else the level with this request's slot held.
struct SlotCount {
  int64_t total = 0;
  int64_t level = 0;
};

// One counter's part of add_many(): add()'s arguments.
struct CounterAdd {
  std::string_view name;
  int64_t window_start_ms = 0;
  int64_t window_ms = 0;
  int64_t amount = 0;
};

class RateLimitStore {
 public:
  virtual ~RateLimitStore() = default;

  // Adds `amount` to counter `name` for the window starting at
  // `window_start_ms` and lasting `window_ms`, and returns that window's new
  // total. amount 0 reads; a negative amount corrects an earlier estimate
  // (the total never goes below zero). A window older than the one the
  // counter holds has ended: the call changes nothing and returns 0.
  virtual Result<int64_t> add(std::string_view name, int64_t window_start_ms, int64_t window_ms, int64_t amount) = 0;

  // Moves gauge `name` by `delta` and returns its new level (clamped at 0).
  virtual Result<int64_t> gauge(std::string_view name, int64_t delta) = 0;

  // One admission decision: adds `amount` to counter `name` (as add()) and,
  // when its total is within `limit`, raises gauge `slot` by one unless that
  // would take it past `slot_limit`. A shared store does both atomically in
  // one round trip; this default calls add() and gauge().
  virtual Result<SlotCount> add_and_hold(std::string_view name, int64_t window_start_ms, int64_t window_ms,
                                         int64_t amount, int64_t limit, std::string_view slot, int64_t slot_limit);

  // Several add()s and, when `release` is not empty, gauge(release, -1):
  // the counters' new totals, in the order of `adds`. A shared store does
  // them in one round trip; this default calls add() and gauge(), and
  // fails at the first failure (what was done before it stays done).
  virtual Result<std::vector<int64_t>> add_many(std::span<const CounterAdd> adds, std::string_view release = {});
};

// One windowed counter's state, shared by the in-process stores.
struct WindowCount {
  int64_t window_start_ms = 0;
  int64_t window_end_ms = 0;  // the counter expires here
  int64_t count = 0;

  // RateLimitStore::add's rule for one counter: a newer window starts from
  // zero, an older one changes nothing (returns 0), the total stays >= 0.
  int64_t add(int64_t start_ms, int64_t length_ms, int64_t amount);
};

// Hashing for maps keyed by std::string that are searched with
// std::string_view (no temporary string per lookup).
struct StringViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace gw
