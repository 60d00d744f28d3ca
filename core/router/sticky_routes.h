// sticky_routes.h - which model a routed conversation was given, so its next
// turns keep it (prompt caches and thinking signatures survive) unless its
// tier rises (route_choice.h). Key: sticky_key() of the tenant, the router
// and the conversation's stable prefix (system text + first user turn).
// In-process, bounded: at most `capacity` conversations, least recently used
// dropped first; an entry expires `ttl_ms` after it was last used.
// Thread-safe (one mutex; every call is O(1) expected).
#pragma once

#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/base/clock.h"
#include "core/router/route_choice.h"

namespace gw {

// SHA-256 (hex) of tenant, router name and stable prefix.
std::string sticky_key(std::string_view tenant, std::string_view router, std::string_view stable_prefix);

class StickyRoutes {
 public:
  StickyRoutes(const Clock& clock, size_t capacity, int64_t ttl_ms);

  // The conversation's model, when remembered and not expired (refreshes it).
  std::optional<StickyChoice> get(const std::string& key);
  // Remembers (or replaces) the conversation's model.
  void put(const std::string& key, StickyChoice choice);
  size_t size() const;

 private:
  struct Entry {
    std::string key;
    StickyChoice choice;
    int64_t expires_ms = 0;
  };
  const Clock& clock_;
  const size_t capacity_;
  const int64_t ttl_ms_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recent first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace gw
