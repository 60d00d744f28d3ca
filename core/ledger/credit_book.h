// credit_book.h - every user's balance, in memory, and the rules that move
// it: trial limits, monthly allowances, pre-flight reservations and
// settlement. It is the authority the hot path asks; the database is its
// durable copy, kept equal by journaling every LedgerEntry the book makes
// (see LedgerJournal) and by applying entries the store has written.
//
// Money rules: exact fixed point; the allowance bucket is spent before the
// purchased bucket; a balance never goes below zero (a cost above what is
// left is recorded as `uncollected`); the sum of open reservations never
// exceeds the balance, so concurrent requests cannot together overspend.
//
// Thread-safety: all members may be called from any thread (one mutex; events
// are emitted after it is released).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/accounts/plans.h"
#include "core/base/clock.h"
#include "core/base/events.h"
#include "core/base/money.h"
#include "core/base/result.h"
#include "core/ledger/ledger_entry.h"

namespace gw {

struct AccountBalance {
  std::string user_id;
  PlanId plan = PlanId::kTrial;
  int64_t trial_ends_ms = 0;    // Trial plan: when it ends
  Money allowance;              // subscription or trial allowance left this period
  Money purchased;              // bought or granted credits; never expire
  int64_t period_start_ms = 0;  // the month the allowance belongs to (paid plans)
  int64_t trial_tokens_used = 0;
  int64_t trial_requests_used = 0;
  Money reserved;  // held by requests in flight (memory only)

  Money balance() const;    // allowance + purchased
  Money available() const;  // balance - reserved
};

// Where the book sends entries it makes on its own (allowance resets,
// reservations released without a settle). Must not block.
class LedgerJournal {
 public:
  virtual ~LedgerJournal() = default;
  virtual void append(LedgerEntry entry) = 0;
};

struct CreditSettings {
  Money low_balance = Money::dollars(1);  // credits.low fires when a balance drops below this
};

class CreditBook {
 public:
  CreditBook(Clock& clock, CreditSettings settings, LedgerJournal* journal = nullptr, EventSink* events = nullptr);

  // Adds or replaces an account (startup load, new user). Keeps any open
  // reservations of an account that is replaced.
  void put(AccountBalance account);
  void remove(const std::string& user_id);
  std::optional<AccountBalance> get(const std::string& user_id) const;
  // The user's plan, without copying the account (the rate limiter asks per request).
  std::optional<PlanId> plan_of(std::string_view user_id) const;

  // Pre-flight for one request: the trial rules, then holds `max_cost`.
  // kPaymentRequired (402) with a message saying why when the request may
  // not run; `free_model` requests (":free", zero price) are allowed after a
  // trial ends and do not count toward the trial's caps.
  Status reserve(const std::string& user_id, const std::string& request_id, Money max_cost, bool free_model);
  // Whether the user's plan lets them use billed (non-":free") models now:
  // the trial rules of reserve() (402 with the same message when not), or
  // 403 account_not_found. The routers ask before picking among billed models.
  Status billed_models_allowed(const std::string& user_id) const;

  // Ends a reservation: charges `cost` (kCharge) or nothing (kRefund) and
  // counts `tokens` toward a trial. Returns the entry to persist, or nullopt
  // when `request_id` holds no reservation (already settled: idempotent).
  std::optional<LedgerEntry> settle(const std::string& request_id, Money cost, int64_t tokens, LedgerKind kind);

  // Settles a forgotten hold as a refund and journals the entry (a safety
  // net so no request can keep credit held forever). No-op when not held.
  void release(const std::string& request_id);

  // Applies an entry the store has already written (purchase, grant,
  // adjustment, plan change). Changing the plan never touches `purchased`.
  void apply(const LedgerEntry& entry, std::optional<PlanId> new_plan = std::nullopt, int64_t trial_ends_ms = -1);
  // The same for a change another process made (and announced, if it
  // announces): no events.
  void apply_quietly(const LedgerEntry& entry, std::optional<PlanId> new_plan = std::nullopt,
                     int64_t trial_ends_ms = -1);

  size_t open_reservations() const;

  // A trial's verdict on a billed model: ok, or 402 naming the rule that
  // ended it (also asked with the counts shared by several instances).
  static Status trial_verdict(const AccountBalance& a, const Plan& p, int64_t now_ms);

 private:
  struct Hold {
    std::string user_id;
    Money amount;
    bool counts_toward_trial = false;
  };
  // Renews a paid plan's allowance when a new month has begun; returns the entry.
  std::optional<LedgerEntry> renew_allowance(AccountBalance& a, int64_t now_ms);
  // apply() and apply_quietly(); events go to `events` when it is not null.
  void apply_locked(const LedgerEntry& entry, std::optional<PlanId> new_plan, int64_t trial_ends_ms,
                    std::vector<Event>* events);
  void balance_events(const AccountBalance& before_after_user, Money before, Money after,
                      std::vector<Event>& out) const;
  void emit(std::vector<Event>& events);

  Clock& clock_;
  const CreditSettings settings_;
  LedgerJournal* journal_;
  EventSink* events_;
  mutable std::mutex mu_;
  std::map<std::string, AccountBalance, std::less<>> accounts_;  // guarded by mu_
  std::map<std::string, Hold, std::less<>> holds_;               // guarded by mu_: request_id -> hold
};

}  // namespace gw
