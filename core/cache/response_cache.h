// response_cache.h - the response cache's store: answers by key (cache_key.h)
// with their TTL, behind an interface so that a shared store (Redis, later)
// can stand in for the in-process one (memory_response_cache.h). A store
// never fails a request: whatever goes wrong inside it is a miss, counted.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/money.h"
#include "core/base/usage.h"

namespace gw {

// One event of a stored stream, with its time from the stream's first byte
// (for paced replay).
struct CachedFrame {
  int64_t at_ms = 0;
  std::string bytes;
};

// A complete answer as it was given, in the dialect of the route it came
// from, with what it cost.
struct CachedAnswer {
  std::string model;                // canonical model ID (gw cache clear --model)
  std::string tenant;               // whose answer it is (gw cache clear --user)
  std::string body;                 // a whole answer; empty for a stream
  std::vector<CachedFrame> frames;  // a stream's events; empty for a whole answer
  bool stream_usage = false;        // the stream ends with OpenAI chat's usage chunk (include_usage)
  Usage usage;                      // as the provider reported it
  Money cost;                       // what the request that made it cost: a hit's saving
  int64_t stored_ms = 0;            // Unix ms, set by the store

  size_t bytes() const;  // what it holds in memory, roughly
};

struct CacheStats {
  size_t entries = 0;
  size_t bytes = 0;
  int64_t hits = 0;
  int64_t misses = 0;
  int64_t stores = 0;
  int64_t evictions = 0;     // dropped to make room (least recently used first)
  int64_t expirations = 0;   // found past their TTL
  int64_t failures = 0;      // store errors, counted as misses or skipped writes
  std::string last_failure;  // what the last failure was ("" when none)
  // The sum of the costs of the answers served as hits (CachedAnswer::cost):
  // the provider spend the cache avoided. Exact fixed point.
  Money saved;
};

class ResponseCache {
 public:
  virtual ~ResponseCache() = default;
  // The answer under `key`, if it is there, within its TTL and, when
  // `max_age_s` is given, at most that old. Null on a miss.
  virtual std::shared_ptr<const CachedAnswer> get(const std::string& key, std::optional<int64_t> max_age_s) = 0;
  virtual void put(const std::string& key, CachedAnswer answer) = 0;
  // An answer under `key` that could not be served (it does not read as a
  // complete answer, `why`): removed, and counted as a failure.
  virtual void drop(const std::string& key, std::string_view why) = 0;
  // Removes the answers of `model` and/or `tenant` (empty: any); returns
  // their keys (so that what points at them - the semantic index - can go too).
  virtual std::vector<std::string> clear(std::string_view model, std::string_view tenant) = 0;
  virtual CacheStats stats() const = 0;
};

}  // namespace gw
