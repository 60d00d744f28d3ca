// shared_holds.h - credit holds on a balance several `gw serve` instances
// share (PostgreSQL, docs/scale-out.md). The in-memory CreditBook of each
// instance sees only its own requests; this is the authority across them.
//
// A hold is served in one of two ways, both reserving money on the user's
// row (users.reserved_units) so that the balance less every hold and lease
// never goes below zero, however many instances ask at once:
//   - from a balance lease (core/ledger/lease_book.h, proxy/accounts/
//     lease_sql.h): this instance reserved a chunk of the user's balance in
//     one conditional statement, and takes the hold from it in memory, with
//     no round trip. Leases are grown, renewed and given back by this
//     object's own background thread ("gw-lease"), off the request path;
//   - else (leases off, the balance not ample, the lease used up until its
//     growth lands) one exact statement per request:
//       WITH u AS (UPDATE users SET reserved_units = reserved_units + amount
//                  WHERE id = user AND allowance + purchased - reserved >= amount
//                  RETURNING id)
//       INSERT INTO holds (...) SELECT ... FROM u
//     run on the calling fiber over a pooled connection (libpq's
//     asynchronous calls, the socket waited on through the fiber loop:
//     no thread per hold), or on a BlockingLane when none is pooled (a
//     dial blocks) or the caller is not a fiber.
// The usage writer ends each hold in the transaction that writes the
// request's ledger row: it deletes the request's `holds` row, or lowers its
// lease's row by the request's hold (proxy/io/shared_ledger_sql.h).
//
// A crashed instance's holds are released after kHoldTtlMs, its leases
// after `ttl_ms` unrenewed, by a sweep any instance runs every 5 s.
// The database unreachable: kUnavailable, which the pipeline answers with a
// 503 in the caller's dialect.
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
#include "core/ledger/lease_book.h"
#include "proxy/io/database.h"
#include "proxy/io/housekeeper.h"
#include "proxy/io/periodic_worker.h"

namespace gw {

class SharedHolds {
 public:
  static constexpr int64_t kHoldTtlMs = 10 * 60 * 1000;
  static constexpr int64_t kSweepEveryMs = 5000;

  // leases.requests = 0: one statement per hold.
  SharedHolds(std::string url, Clock& clock, LeaseSettings leases = {});
  ~SharedHolds();  // gives every lease back (stop())

  // Reserves `amount` (> 0) for `request_id` on the user's shared balance:
  // the id of the lease it was taken from ("" = its own hold row; either
  // way it is ended by the request's settlement), kPaymentRequired when
  // the balance (less every instance's holds and leases) does not cover
  // it, kUnavailable when the database cannot be reached.
  Result<std::string> hold(const std::string& user_id, const std::string& request_id, Money amount);
  // A request whose hold came from `lease_id` ended (settled or not).
  void finished(const std::string& user_id, const std::string& lease_id);
  // A hold of `amount` from `lease_id` that no settlement will end (the
  // request holds again for another model): it serves others.
  void put_back(const std::string& user_id, const std::string& lease_id, Money amount);
  // Releases expired holds and leases; returns ms until the next sweep.
  int64_t sweep();
  // One round of the lease thread: growths asked, idle leases given back,
  // renewals; returns ms until the next.
  int64_t tick_leases();
  void start();
  // Stops the background work and gives every lease back. Idempotent.
  void stop();
  bool healthy() const { return healthy_.load(); }  // the last statement reached the database
  size_t open_leases() const;

 private:
  Result<std::unique_ptr<Database>> take();
  void give_back(std::unique_ptr<Database> db);
  std::unique_ptr<Database> take_idle();  // a pooled connection, or null
  void drop_idle();                       // closes every pooled connection
  Status hold_blocking(const std::string& user_id, const std::string& request_id, Money amount);
  // The hold's statement on `db`, which goes back to the pool unless unreachable.
  Status hold_on(std::unique_ptr<Database> db, const std::string& user_id, const std::string& request_id, Money amount);
  Database* lease_db();  // the lease thread's connection, or null (unreachable)

  const std::string url_;
  Clock& clock_;
  const int64_t lease_ttl_ms_;
  std::atomic<bool> healthy_{true};
  std::mutex mu_;
  std::vector<std::unique_ptr<Database>> idle_;  // guarded by mu_
  mutable std::mutex leases_mu_;
  LeaseBook leases_;                    // guarded by leases_mu_
  std::unique_ptr<Database> lease_db_;  // the lease thread's (and stop()'s)
  Housekeeper lease_house_{"gw-lease"};
  PeriodicWorker lease_worker_;  // on lease_house_
  PeriodicWorker sweeper_;       // last: its thread uses the members above
  std::atomic<bool> stopped_{false};
};

}  // namespace gw
