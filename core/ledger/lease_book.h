// lease_book.h - balance leases, the pure rules: one gw instance serving a
// user's credit holds from a chunk of the user's shared balance it reserved
// in the database at once, instead of one database hold per request
// (docs/scale-out.md; the I/O half is proxy/accounts/shared_holds.h).
//
// A lease is one row in the database that reserves money on the user's
// balance exactly as a hold does (the balance less every hold and lease
// never goes below zero). This book keeps, per user, what of it is unused;
// take() serves a hold from it in memory. Settlement (the usage writer)
// lowers the row by each request's hold, so the row always equals what is
// unused plus what running requests hold.
//
// The rules:
//   - a user's first lease is asked for once the user's holds come in
//     numbers: the kOpenAfterTakes-th hold within idle_ms (a lease costs
//     statements of its own; for one request, its own hold is cheaper);
//   - a lease is asked for (grown) when what is left covers less than half
//     a chunk; a chunk is `requests` times the asking hold's amount, times
//     a multiplier that doubles when growths come faster than every 250 ms
//     (up to 64) and halves when slower than every 2 s, so one growth
//     serves a fair share of a second's requests;
//   - the database grants a growth only while the user's available balance
//     is at least twice it (checked in the same statement): near
//     exhaustion every instance falls back to exact per-request holds. A
//     refused growth of a multiplied chunk retries with one chunk; a
//     refused single chunk is not asked again for `backoff_ms`;
//   - a lease serves only while it was renewed (or grown) within its serve
//     window, half its ttl but at most kServeWindowMs: a process stopped
//     and resumed past its lease stops serving from it, and while the
//     database cannot be reached holds come from a lease for at most that
//     long (then exact holds, which fail: 503). It is renewed every half
//     serve window while it is used or requests hold on it, for at most 10
//     minutes after its last take (a request's hold lives that long);
//   - unused for `idle_ms` with no request holding on it, a lease is given
//     back (its unused remainder); at shutdown, every lease.
//
// Thread-safety: none; the owner serializes every call.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/base/money.h"

namespace gw {

struct LeaseSettings {
  int64_t requests = 32;       // a chunk is this many of the asking hold; 0 = no leases
  int64_t ttl_ms = 60'000;     // a lease unrenewed this long is released by any instance
  int64_t idle_ms = 1'000;     // unused this long (and nothing holding on it): given back
  int64_t backoff_ms = 1'000;  // after a refused single chunk or a failed statement
};

// Money to add to a user's lease (a new one when the book had none).
struct LeaseGrowth {
  std::string user_id;
  std::string lease_id;
  Money amount;  // granted only while the available balance is >= 2 x amount
};

// A lease to give back: its unused remainder.
struct LeaseReturn {
  std::string user_id;
  std::string lease_id;
  Money unused;
};

// A lease to renew (its expiry moved to now + ttl).
struct LeaseRenewal {
  std::string user_id;
  std::string lease_id;
};

enum class GrowthAnswer { kGranted, kRefused, kFailed };

class LeaseBook {
 public:
  static constexpr int64_t kMaxMultiplier = 64;
  static constexpr int64_t kFastGrowthMs = 250;
  static constexpr int64_t kSlowGrowthMs = 2'000;
  static constexpr int64_t kRenewWhileIdleMs = 10 * 60 * 1000;
  static constexpr int64_t kOpenAfterTakes = 4;
  static constexpr int64_t kServeWindowMs = 5'000;

  // `new_lease_id` names a new lease (unique across instances).
  LeaseBook(LeaseSettings settings, std::function<std::string()> new_lease_id);

  bool enabled() const { return settings_.requests > 0; }

  // A hold of `amount` (> 0) for the user at `now_ms`: the id of the lease
  // it was taken from, or "" when the caller must take an exact
  // per-request hold. May queue a growth (take_growths()).
  std::string take(const std::string& user_id, Money amount, int64_t now_ms);
  // A request served from `lease_id` ended (settled or abandoned).
  void finished(const std::string& user_id, const std::string& lease_id);
  // A hold of `amount` taken from `lease_id` that no settlement will end
  // (the request moved to another model and holds again): back to unused.
  void put_back(const std::string& user_id, const std::string& lease_id, Money amount);

  // The queued growths, each handed out once; report each with grown().
  std::vector<LeaseGrowth> take_growths();
  bool growth_queued() const { return !growths_.empty(); }
  // The database's answer to a growth asked at `asked_ms`.
  void grown(const LeaseGrowth& growth, GrowthAnswer answer, int64_t asked_ms, int64_t now_ms);

  // Leases idle past idle_ms (or no longer usable) with no request holding
  // on them: removed from the book, to be given back.
  std::vector<LeaseReturn> due_returns(int64_t now_ms);
  // Leases due for renewal; report each with renewed().
  std::vector<LeaseRenewal> due_renewals(int64_t now_ms) const;
  // found = false: the lease is gone from the database (released by a
  // sweep): it serves no more.
  void renewed(const LeaseRenewal& renewal, bool found, int64_t asked_ms);
  // Every lease, removed from the book (shutdown).
  std::vector<LeaseReturn> return_all();

  // How often the owner should call due_returns() and due_renewals().
  int64_t tick_ms() const;
  // For tests and /metrics: the user's unused lease, and open leases.
  Money unused(const std::string& user_id) const;
  size_t open() const;

 private:
  struct Lease {
    std::string id;        // "" = none; set when its first growth is asked
    bool granted = false;  // the database holds it
    Money unused;          // reserved and not taken
    int64_t holding = 0;   // requests served from it still running
    int64_t last_take_ms = 0;
    int64_t recent_takes = 0;  // takes since recent_since_ms (a window of idle_ms)
    int64_t recent_since_ms = INT64_MIN / 2;
    int64_t renewed_ms = 0;  // its expiry is renewed_ms + ttl (or later)
    bool growing = false;    // a growth is queued or running
    int64_t multiplier = 1;
    int64_t last_growth_ms = INT64_MIN / 2;
    int64_t refused_until_ms = 0;
  };
  bool usable(const Lease& l, int64_t now_ms) const;
  int64_t serve_window_ms() const;
  void maybe_grow(const std::string& user_id, Lease& l, Money amount, int64_t now_ms);

  LeaseSettings settings_;
  std::function<std::string()> new_lease_id_;
  std::map<std::string, Lease, std::less<>> leases_;  // by user id
  std::vector<LeaseGrowth> growths_;                  // queued, not yet handed out
};

}  // namespace gw
