// body_budget.h - the memory that request bodies being read may hold across
// all of a server's connections ([server] max_buffered_body_bytes), so that
// many slow or large uploads at once cannot grow the process without bound.
// A connection holds a BodyHold for the request it reads: the hold grows as
// body bytes arrive and is given back when the request has been answered. A
// hold that would take the budget past its limit is refused (the request is
// answered 503 with Retry-After: 1 and the connection closed); requests
// already being read are not affected.
//
// Thread-safety: BodyBudget may be used from any number of threads (one
// atomic counter); a BodyHold belongs to one connection.
#pragma once

#include <atomic>
#include <cstdint>

namespace gw {

class BodyBudget {
 public:
  explicit BodyBudget(int64_t limit_bytes) : limit_(limit_bytes) {}
  // Takes `bytes` more if the total stays within the limit.
  bool take(int64_t bytes) {
    int64_t held = held_.load(std::memory_order_relaxed);
    do {
      if (held + bytes > limit_) return false;
    } while (!held_.compare_exchange_weak(held, held + bytes, std::memory_order_relaxed));
    return true;
  }
  void give_back(int64_t bytes) { held_.fetch_sub(bytes, std::memory_order_relaxed); }
  int64_t held() const { return held_.load(std::memory_order_relaxed); }
  int64_t limit() const { return limit_; }

 private:
  const int64_t limit_;
  std::atomic<int64_t> held_{0};
};

// One request's share of a BodyBudget (none when the budget is null).
class BodyHold {
 public:
  explicit BodyHold(BodyBudget *budget) : budget_(budget) {}
  ~BodyHold() { release(); }
  BodyHold(const BodyHold &) = delete;
  BodyHold &operator=(const BodyHold &) = delete;

  // Grows the hold to `bytes` (never shrinks it); false if the budget has no
  // room.
  bool grow_to(int64_t bytes) {
    if (!budget_ || bytes <= held_) return true;
    if (!budget_->take(bytes - held_)) return false;
    held_ = bytes;
    return true;
  }
  void release() {
    if (budget_ && held_ > 0) budget_->give_back(held_);
    held_ = 0;
  }

 private:
  BodyBudget *budget_;
  int64_t held_ = 0;
};

}  // namespace gw
