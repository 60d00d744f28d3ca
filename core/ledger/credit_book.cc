// credit_book.cc - contracts in credit_book.h.
#include "core/ledger/credit_book.h"

#include <algorithm>
#include <limits>

#include "core/base/calendar.h"

namespace gw {
namespace {

// Balances are far below Money's range ($922M); saturate rather than wrap if
// a corrupt input ever says otherwise.
Money add(Money a, Money b) {
  if (auto s = a.plus(b)) return *s;
  return Money::from_units(b.units() > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min());
}
Money sub(Money a, Money b) { return add(a, -b); }

Error payment_required(std::string message, std::string code) {
  return make_error(ErrorKind::kPaymentRequired, std::move(message), std::move(code));
}

}  // namespace

Money AccountBalance::balance() const { return add(allowance, purchased); }
Money AccountBalance::available() const { return sub(balance(), reserved); }

CreditBook::CreditBook(Clock& clock, CreditSettings settings, LedgerJournal* journal, EventSink* events)
    : clock_(clock), settings_(settings), journal_(journal), events_(events) {}

void CreditBook::put(AccountBalance account) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = accounts_.find(account.user_id);
  if (it != accounts_.end()) account.reserved = it->second.reserved;
  accounts_[account.user_id] = std::move(account);
}

void CreditBook::remove(const std::string& user_id) {
  std::lock_guard<std::mutex> lock(mu_);
  accounts_.erase(user_id);
}

std::optional<AccountBalance> CreditBook::get(const std::string& user_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = accounts_.find(user_id);
  if (it == accounts_.end()) return std::nullopt;
  return it->second;
}

std::optional<PlanId> CreditBook::plan_of(std::string_view user_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = accounts_.find(user_id);
  if (it == accounts_.end()) return std::nullopt;
  return it->second.plan;
}

size_t CreditBook::open_reservations() const {
  std::lock_guard<std::mutex> lock(mu_);
  return holds_.size();
}

std::optional<LedgerEntry> CreditBook::renew_allowance(AccountBalance& a, int64_t now_ms) {
  const Plan& p = plan(a.plan);
  if (p.monthly_allowance == Money{} || now_ms < next_month_start_ms(a.period_start_ms)) return std::nullopt;
  LedgerEntry e;
  e.user_id = a.user_id;
  e.kind = LedgerKind::kAllowanceReset;
  e.created_ms = now_ms;
  e.allowance_delta = sub(p.monthly_allowance, a.allowance);  // the unused rest does not roll over
  e.period_start_ms = month_start_ms(now_ms);
  e.note = std::string(p.name) + " allowance for " + utc_date(e.period_start_ms).substr(0, 7);
  // One renewal per user and month, however many instances renew it (the
  // ledger's external_id is unique).
  e.external_id = "allowance:" + a.user_id + ":" + utc_date(e.period_start_ms).substr(0, 7);
  a.allowance = p.monthly_allowance;
  a.period_start_ms = e.period_start_ms;
  return e;
}

Status CreditBook::trial_verdict(const AccountBalance& a, const Plan& p, int64_t now_ms) {
  if (now_ms >= a.trial_ends_ms)
    return payment_required("your trial ended on " + utc_date(a.trial_ends_ms) +
                                "; only :free models are available until you move to a paid plan",
                            "trial_expired");
  if (a.trial_requests_used >= p.trial_requests)
    return payment_required("your trial's " + std::to_string(p.trial_requests) +
                                " requests are used up; only :free models are available until you move to a paid plan",
                            "trial_request_limit");
  if (a.trial_tokens_used >= p.trial_tokens)
    return payment_required("your trial's " + std::to_string(p.trial_tokens) +
                                " tokens are used up; only :free models are available until you move to a paid plan",
                            "trial_token_limit");
  return ok_status();
}

Status CreditBook::billed_models_allowed(const std::string& user_id) const {
  const int64_t now = clock_.now_unix_ms();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = accounts_.find(user_id);
  if (it == accounts_.end())
    return make_error(ErrorKind::kForbidden, "this key's account no longer exists", "account_not_found");
  const Plan& p = plan(it->second.plan);
  return p.trial_days > 0 ? trial_verdict(it->second, p, now) : ok_status();
}

Status CreditBook::reserve(const std::string& user_id, const std::string& request_id, Money max_cost, bool free_model) {
  const int64_t now = clock_.now_unix_ms();
  std::optional<LedgerEntry> renewal;
  Status verdict = ok_status();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = accounts_.find(user_id);
    if (it == accounts_.end())
      return make_error(ErrorKind::kForbidden, "this key's account no longer exists", "account_not_found");
    AccountBalance& a = it->second;
    const Plan& p = plan(a.plan);
    const bool trial = p.trial_days > 0;
    renewal = renew_allowance(a, now);
    if (trial && !free_model) verdict = trial_verdict(a, p, now);
    if (verdict && max_cost > a.available()) {
      std::string msg = "insufficient credits: this request may cost up to $" + max_cost.to_string() + " but $" +
                        a.available().to_string() + " is available";
      if (a.reserved > Money{}) msg += " ($" + a.reserved.to_string() + " is held by requests in flight)";
      verdict =
          payment_required(msg + "; ask for less (max_tokens, images, audio) or add credits", "insufficient_credits");
    }
    if (verdict && !holds_.contains(request_id)) {
      a.reserved = add(a.reserved, max_cost);
      holds_[request_id] = Hold{user_id, max_cost, trial && !free_model};
    }
  }
  if (renewal && journal_) journal_->append(std::move(*renewal));
  return verdict;
}

std::optional<LedgerEntry> CreditBook::settle(const std::string& request_id, Money cost, int64_t tokens,
                                              LedgerKind kind) {
  std::vector<Event> events;
  LedgerEntry e;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto h = holds_.find(request_id);
    if (h == holds_.end()) return std::nullopt;
    Hold hold = std::move(h->second);
    holds_.erase(h);
    auto it = accounts_.find(hold.user_id);
    e.user_id = hold.user_id;
    e.kind = kind;
    e.created_ms = clock_.now_unix_ms();
    e.request_id = request_id;
    e.reserved = hold.amount;
    if (it == accounts_.end()) return e;  // account deleted while the request ran: nothing to charge
    AccountBalance& a = it->second;
    a.reserved = std::max(Money{}, sub(a.reserved, hold.amount));
    if (kind == LedgerKind::kCharge) {
      const Money before = a.balance();
      const Money charge = std::clamp(cost, Money{}, std::max(before, Money{}));
      const Money from_allowance = std::clamp(charge, Money{}, std::max(a.allowance, Money{}));
      e.allowance_delta = -from_allowance;
      e.purchased_delta = -sub(charge, from_allowance);
      e.uncollected = sub(cost, charge);
      a.allowance = add(a.allowance, e.allowance_delta);
      a.purchased = add(a.purchased, e.purchased_delta);
      if (hold.counts_toward_trial) {
        e.trial_tokens = std::max<int64_t>(tokens, 0);
        e.trial_requests = 1;
        a.trial_tokens_used += e.trial_tokens;
        a.trial_requests_used += 1;
      }
      balance_events(a, before, a.balance(), events);
    }
  }
  emit(events);
  return e;
}

void CreditBook::release(const std::string& request_id) {
  auto entry = settle(request_id, Money{}, 0, LedgerKind::kRefund);
  if (entry && journal_) {
    entry->note = "released without settlement";
    journal_->append(std::move(*entry));
  }
}

void CreditBook::apply(const LedgerEntry& entry, std::optional<PlanId> new_plan, int64_t trial_ends_ms) {
  std::vector<Event> events;
  {
    std::lock_guard<std::mutex> lock(mu_);
    apply_locked(entry, new_plan, trial_ends_ms, &events);
  }
  emit(events);
}

void CreditBook::apply_quietly(const LedgerEntry& entry, std::optional<PlanId> new_plan, int64_t trial_ends_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  apply_locked(entry, new_plan, trial_ends_ms, nullptr);
}

void CreditBook::apply_locked(const LedgerEntry& entry, std::optional<PlanId> new_plan, int64_t trial_ends_ms,
                              std::vector<Event>* events) {
  auto it = accounts_.find(entry.user_id);
  if (it == accounts_.end()) return;
  AccountBalance& a = it->second;
  const Money before = a.balance();
  a.allowance = add(a.allowance, entry.allowance_delta);
  a.purchased = add(a.purchased, entry.purchased_delta);
  if (entry.period_start_ms) a.period_start_ms = entry.period_start_ms;
  if (new_plan) a.plan = *new_plan;
  if (trial_ends_ms >= 0) a.trial_ends_ms = trial_ends_ms;
  if (!events) return;
  if (entry.total_delta() > Money{})
    events->push_back(Event{"credits.added",
                            entry.created_ms,
                            {{"user_id", a.user_id},
                             {"kind", ledger_kind_name(entry.kind)},
                             {"amount_usd", entry.total_delta().to_string()},
                             {"balance_usd", a.balance().to_string()}}});
  balance_events(a, before, a.balance(), *events);
}

void CreditBook::balance_events(const AccountBalance& a, Money before, Money after, std::vector<Event>& out) const {
  const int64_t now = clock_.now_unix_ms();
  auto event = [&](const char* type) {
    out.push_back(Event{type,
                        now,
                        {{"user_id", a.user_id},
                         {"balance_usd", after.to_string()},
                         {"threshold_usd", settings_.low_balance.to_string()}}});
  };
  if (before > Money{} && after <= Money{}) event("credits.depleted");
  else if (before >= settings_.low_balance && after < settings_.low_balance) event("credits.low");
}

void CreditBook::emit(std::vector<Event>& events) {
  if (!events_) return;
  for (Event& e : events) events_->emit(std::move(e));
}

}  // namespace gw
