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

void CircuitBreaker::record_success() {
  std::lock_guard<std::mutex> lock(mu_);
  ++total_successes_;
  failures_ = 0;
  state_ = BreakerState::kClosed;
  trial_in_flight_ = false;
}

void CircuitBreaker::record_failure() {
  std::lock_guard<std::mutex> lock(mu_);
  ++total_failures_;
  refresh_locked();
  if (state_ == BreakerState::kHalfOpen || ++failures_ >= settings_.failure_threshold) {
    if (state_ != BreakerState::kOpen) opened_at_ms_ = clock_.now_unix_ms();
    state_ = BreakerState::kOpen;
    failures_ = std::max(failures_, settings_.failure_threshold);
    trial_in_flight_ = false;
  }
}

void CircuitBreaker::reset() {
  std::lock_guard<std::mutex> lock(mu_);
  state_ = BreakerState::kClosed;
  failures_ = 0;
  trial_in_flight_ = false;
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
  if (it == breakers_.end())
    it = breakers_.emplace(std::string(provider), std::make_unique<CircuitBreaker>(settings_, clock_)).first;
  return *it->second;
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
