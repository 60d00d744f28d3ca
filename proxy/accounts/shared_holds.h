// shared_holds.h - credit holds on a balance several `gw serve` instances
// share (PostgreSQL, docs/scale-out.md). The in-memory CreditBook of each
// instance sees only its own requests; this is the authority across them.
//
// hold() is one statement, atomic in the database:
//   WITH u AS (UPDATE users SET reserved_units = reserved_units + amount
//              WHERE id = user AND allowance + purchased - reserved >= amount
//              RETURNING id)
//   INSERT INTO holds (...) SELECT ... FROM u
// so however many instances ask at once, the open holds never exceed the
// balance and a charge (at most its hold) never drives it below zero. The
// usage writer ends each hold in the transaction that writes the request's
// ledger row (proxy/io/shared_ledger_sql.h: write_entries_shared).
//
// A hold outlives a crashed instance by at most kHoldTtlMs: a background
// sweep (every 5 s, any instance) releases expired holds.
//
// hold() runs its statement on a BlockingLane (a fiber yields meanwhile);
// connections are pooled. The database unreachable: kUnavailable, which the
// pipeline answers with a 503 in the caller's dialect.
//
// Thread-safety: all members may be called from any thread or fiber.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/money.h"
#include "core/base/result.h"
#include "proxy/io/database.h"
#include "proxy/io/periodic_worker.h"

namespace gw {

class SharedHolds {
 public:
  static constexpr int64_t kHoldTtlMs = 10 * 60 * 1000;
  static constexpr int64_t kSweepEveryMs = 5000;

  SharedHolds(std::string url, Clock& clock);
  ~SharedHolds();

  // Reserves `amount` (> 0) for `request_id` on the user's shared balance:
  // ok, kPaymentRequired when the balance (less every instance's open
  // holds) does not cover it, kUnavailable when the database cannot be
  // reached.
  Status hold(const std::string& user_id, const std::string& request_id, Money amount);
  // Releases expired holds; returns ms until the next sweep.
  int64_t sweep();
  void start() { sweeper_.start(); }
  bool healthy() const { return healthy_.load(); }  // the last statement reached the database

 private:
  Result<std::unique_ptr<Database>> take();
  void give_back(std::unique_ptr<Database> db);
  Status hold_blocking(const std::string& user_id, const std::string& request_id, Money amount);

  const std::string url_;
  Clock& clock_;
  std::atomic<bool> healthy_{true};
  std::mutex mu_;
  std::vector<std::unique_ptr<Database>> idle_;  // guarded by mu_
  PeriodicWorker sweeper_;                       // last: its thread uses the members above
};

}  // namespace gw
