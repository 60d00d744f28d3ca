// circuit_breaker.h - one circuit breaker per provider, and the board that
// holds them all.
//
//   CLOSED    --(failure_threshold consecutive failures)-->  OPEN
//   OPEN      --(cooldown elapsed; the next request is a trial)--> HALF_OPEN
//   HALF_OPEN --(trial succeeds)--> CLOSED   --(trial fails)--> OPEN
//
// A success in CLOSED resets the failure count. While OPEN the provider is
// skipped; in HALF_OPEN exactly one trial request is let through at a time.
// Time comes from the Clock passed in (FakeClock in tests). Thread-safe.
//
// Shared breakers (several instances, proxy/monitor/breaker_sync.h): a
// board's listener hears every transition to OPEN or CLOSED this process
// made (called after the breaker's lock is released; it must not block),
// and adopt() takes a state another instance announced, without telling
// the listener again.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/health/breaker_settings.h"

namespace gw {

enum class BreakerState { kClosed, kOpen, kHalfOpen };
std::string_view breaker_state_name(BreakerState s);  // "closed" | "open" | "half_open"

struct BreakerSnapshot {
  std::string provider;
  BreakerState state = BreakerState::kClosed;
  int consecutive_failures = 0;
  int64_t opened_at_ms = 0;        // Unix ms when it last opened; 0 = never
  int64_t ms_until_half_open = 0;  // > 0 only while OPEN
  int64_t total_failures = 0;
  int64_t total_successes = 0;
};

// A transition to OPEN or CLOSED: the new state and when it opened.
using BreakerListener = std::function<void(std::string_view provider, BreakerState state, int64_t opened_at_ms)>;

class CircuitBreaker {
 public:
  CircuitBreaker(BreakerSettings settings, Clock& clock) : settings_(settings), clock_(clock) {}
  CircuitBreaker(BreakerSettings settings, Clock& clock, std::function<void(BreakerState, int64_t)> on_change)
      : settings_(settings), clock_(clock), on_change_(std::move(on_change)) {}

  // May a request go to this provider now? In HALF_OPEN, true for one trial
  // at a time (the caller must then record its outcome).
  bool allow();
  void record_success();
  void record_failure();
  // Closes the breaker and clears the count (an operator's reset).
  void reset();
  // Takes a state another instance announced: kOpen (opened at
  // `opened_at_ms`) or kClosed. No listener call.
  void adopt(BreakerState state, int64_t opened_at_ms);
  BreakerSnapshot snapshot() const;

 private:
  void refresh_locked();  // OPEN -> HALF_OPEN once the cooldown has passed
  // Tells on_change_ when the state went from `before` to OPEN or CLOSED.
  void announce(BreakerState before, BreakerState after, int64_t opened_at_ms);

  const BreakerSettings settings_;
  Clock& clock_;
  const std::function<void(BreakerState, int64_t)> on_change_;  // may be empty
  mutable std::mutex mu_;
  BreakerState state_ = BreakerState::kClosed;
  int failures_ = 0;
  int64_t opened_at_ms_ = 0;
  bool trial_in_flight_ = false;
  int64_t total_failures_ = 0;
  int64_t total_successes_ = 0;
};

// The breakers of every provider, created on first use.
class BreakerBoard {
 public:
  BreakerBoard(BreakerSettings settings, Clock& clock) : settings_(settings), clock_(clock) {}
  CircuitBreaker& at(std::string_view provider);
  // Every breaker that has seen traffic, by provider slug.
  std::vector<BreakerSnapshot> snapshots() const;
  // false if the provider has no breaker yet (nothing to reset).
  bool reset(std::string_view provider);
  // Set before the first at(): hears this process's transitions.
  void set_listener(BreakerListener listener) { listener_ = std::move(listener); }
  // A state another instance announced (see the file comment).
  void adopt(std::string_view provider, BreakerState state, int64_t opened_at_ms);

 private:
  const BreakerSettings settings_;
  Clock& clock_;
  BreakerListener listener_;  // may be empty
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<CircuitBreaker>, std::less<>> breakers_;
};

// Which upstream outcomes count against a provider's breaker: transport
// failures (status 0), 5xx, and 401/402/403 (a broken account). 400, 404 and
// 429 are about the request or its rate, not the provider's health.
bool counts_as_provider_failure(int status);

}  // namespace gw
