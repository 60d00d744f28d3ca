// limit_ticket.h - what one admitted request holds from the rate limiter
// until it ends: a concurrency slot and the token estimate counted against
// its day and month windows. finish() gives them back (correcting the token
// counters to the real usage); the destructor finishes with zero tokens, so
// a request that ends on any path - an early error, an exception, a client
// that goes away - can never keep a slot or an estimate.
//
// Also CounterName, the fixed-size name of a counter ("key:key_0a1b:m"),
// built without allocating.
//
// Thread-safety: a ticket belongs to one request; use it from one thread at
// a time. It must not outlive the RateLimiter that filled it.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "core/limits/limit_layers.h"

namespace gw {

class RateLimiter;

// The concatenation of `parts`, at most kMax characters (longer input is
// cut; names are built from short ids and hashes).
class CounterName {
 public:
  static constexpr size_t kMax = 95;
  CounterName() = default;
  CounterName(std::initializer_list<std::string_view> parts);
  std::string_view view() const { return {buf_, len_}; }

 private:
  char buf_[kMax + 1] = {};
  size_t len_ = 0;
};

class LimitTicket {
 public:
  LimitTicket() = default;
  ~LimitTicket() { finish(0); }
  LimitTicket(const LimitTicket&) = delete;
  LimitTicket& operator=(const LimitTicket&) = delete;

  // Releases the concurrency slot and settles the token windows to
  // `actual_tokens` (0 gives the whole estimate back). Idempotent: only the
  // first call does anything.
  void finish(int64_t actual_tokens);

  bool holds_slot() const { return slot_held_; }
  int64_t tokens_held() const { return tokens_held_; }

 private:
  friend class RateLimiter;
  RateLimiter* limiter_ = nullptr;  // set when the ticket was filled
  CounterName subject_;             // "key:<key id>" or "anon:<address hash>"
  LimitLayer layer_ = LimitLayer::kNone;
  PlanLimits limits_{};
  bool slot_held_ = false;
  int64_t tokens_held_ = 0;  // the estimate counted in the windows below
  int64_t day_start_ms_ = 0;
  int64_t month_start_ms_ = 0;
};

}  // namespace gw
