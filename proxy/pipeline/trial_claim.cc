// trial_claim.cc - contracts in trial_claim.h.
#include "proxy/pipeline/trial_claim.h"

#include "core/accounts/plans.h"
#include "core/ledger/credit_book.h"
#include "core/ledger/trial_counts.h"
#include "proxy/accounts/accounts.h"

namespace gw {
namespace {

constexpr int64_t kKeepAfterTrialMs = 86'400'000;  // shared counts outlive the trial by a day

}  // namespace

Status claim_trial(const Services& s, RequestContext& ctx) {
  if (!s.trial_counts || !s.accounts || ctx.caller != Caller::kKey || ctx.price.free) return ok_status();
  auto account = s.accounts->credits().get(ctx.user_id);
  if (!account) return ok_status();
  const Plan& p = plan(account->plan);
  const int64_t now = s.clock->now_unix_ms();
  if (p.trial_days <= 0 || now >= account->trial_ends_ms) return ok_status();  // the book decides
  auto c = s.trial_counts->claim(ctx.user_id, {account->trial_requests_used, account->trial_tokens_used},
                                 {p.trial_requests, p.trial_tokens}, account->trial_ends_ms + kKeepAfterTrialMs);
  if (!c) return ok_status();  // the store is away: this instance's counts decide
  if (!c->claimed) {
    AccountBalance shared = *account;
    shared.trial_requests_used = c->used.requests;
    shared.trial_tokens_used = c->used.tokens;
    return CreditBook::trial_verdict(shared, p, now);
  }
  ctx.trial_claimed = true;
  return ok_status();
}

void end_trial_claim(const Services& s, RequestContext& ctx, const std::optional<LedgerEntry>& entry) {
  if (!ctx.trial_claimed || !s.trial_counts) return;
  ctx.trial_claimed = false;
  if (entry && entry->kind == LedgerKind::kCharge && entry->trial_requests > 0) {
    auto account = s.accounts ? s.accounts->credits().get(ctx.user_id) : std::nullopt;
    const int64_t ends = account ? account->trial_ends_ms : s.clock->now_unix_ms();
    s.trial_counts->charged(ctx.user_id, entry->trial_tokens, ends + kKeepAfterTrialMs);
  } else {
    s.trial_counts->returned(ctx.user_id);
  }
}

}  // namespace gw
