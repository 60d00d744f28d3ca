#include "core/health/circuit_breaker.h"

#include <algorithm>

namespace gw {

std::string_view breaker_state_name(BreakerState s) {
  switch (s) {
    case BreakerState::kClosed:
      return "closed";
    case BreakerState::kOpen:
      return "open";
    case BreakerState::kHalfOpen:
      return "half_open";
  }
  return "?";
}

void CircuitBreaker::refresh_locked() {
  if (state_ == BreakerState::kOpen && clock_.now_unix_ms() - opened_at_ms_ >= int64_t{settings_.cooldown_s} * 1000) {
    state_ = BreakerState::kHalfOpen;
    trial_in_flight_ = false;
  }
}

bool CircuitBreaker::allow() {
  std::lock_guard<std::mutex> lock(mu_);
  refresh_locked();
  switch (state_) {
    case BreakerState::kClosed:
      return true;
    case BreakerState::kOpen:
      return false;
    case BreakerState::kHalfOpen:
      if (trial_in_flight_) return false;
      trial_in_flight_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::announce(BreakerState before, BreakerState after, int64_t opened_at_ms) {
  if (on_change_ && before != after && after != BreakerState::kHalfOpen) on_change_(after, opened_at_ms);
}

void CircuitBreaker::record_success() {
  BreakerState before;
  {
    std::lock_guard<std::mutex> lock(mu_);
    before = state_;
    ++total_successes_;
    failures_ = 0;
    state_ = BreakerState::kClosed;
    trial_in_flight_ = false;
  }
  announce(before, BreakerState::kClosed, 0);
}

void CircuitBreaker::record_failure() {
  BreakerState before, after;
  int64_t opened_at;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++total_failures_;
    refresh_locked();
    before = state_;
    if (state_ == BreakerState::kHalfOpen || ++failures_ >= settings_.failure_threshold) {
      if (state_ != BreakerState::kOpen) opened_at_ms_ = clock_.now_unix_ms();
      state_ = BreakerState::kOpen;
      failures_ = std::max(failures_, settings_.failure_threshold);
      trial_in_flight_ = false;
    }
    after = state_;
    opened_at = opened_at_ms_;
  }
  announce(before, after, opened_at);
}

void CircuitBreaker::reset() {
  BreakerState before;
  {
    std::lock_guard<std::mutex> lock(mu_);
    before = state_;
    state_ = BreakerState::kClosed;
    failures_ = 0;
    trial_in_flight_ = false;
  }
  announce(before, BreakerState::kClosed, 0);
}

void CircuitBreaker::adopt(BreakerState state, int64_t opened_at_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  trial_in_flight_ = false;
  if (state == BreakerState::kOpen) {
    state_ = BreakerState::kOpen;
    opened_at_ms_ = opened_at_ms;
    failures_ = std::max(failures_, settings_.failure_threshold);
  } else {
    state_ = BreakerState::kClosed;
    failures_ = 0;
  }
}

BreakerSnapshot CircuitBreaker::snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  BreakerSnapshot s;
  s.state = state_;
  bool cooled = clock_.now_unix_ms() - opened_at_ms_ >= int64_t{settings_.cooldown_s} * 1000;
  if (state_ == BreakerState::kOpen && cooled) s.state = BreakerState::kHalfOpen;  // as allow() will see it
  s.consecutive_failures = failures_;
  s.opened_at_ms = opened_at_ms_;
  if (s.state == BreakerState::kOpen)
    s.ms_until_half_open =
        std::max<int64_t>(0, opened_at_ms_ + int64_t{settings_.cooldown_s} * 1000 - clock_.now_unix_ms());
  s.total_failures = total_failures_;
  s.total_successes = total_successes_;
  return s;
}

CircuitBreaker& BreakerBoard::at(std::string_view provider) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = breakers_.find(provider);
  if (it == breakers_.end()) {
    std::function<void(BreakerState, int64_t)> on_change;
    if (listener_)
      on_change = [this, name = std::string(provider)](BreakerState s, int64_t opened_at) {
        listener_(name, s, opened_at);
      };
    it = breakers_.emplace(std::string(provider), std::make_unique<CircuitBreaker>(settings_, clock_, on_change)).first;
  }
  return *it->second;
}

void BreakerBoard::adopt(std::string_view provider, BreakerState state, int64_t opened_at_ms) {
  at(provider).adopt(state, opened_at_ms);
}

std::vector<BreakerSnapshot> BreakerBoard::snapshots() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<BreakerSnapshot> out;
  for (const auto& [slug, b] : breakers_) {
    out.push_back(b->snapshot());
    out.back().provider = slug;
  }
  return out;
}

bool BreakerBoard::reset(std::string_view provider) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = breakers_.find(provider);
  if (it == breakers_.end()) return false;
  it->second->reset();
  return true;
}

bool counts_as_provider_failure(int status) {
  return status == 0 || status >= 500 || status == 401 || status == 402 || status == 403;
}

}  // namespace gw
