// trial_claim.h - a trial user's billed request counted where every
// instance sees it (Services::trial_counts, Redis), so several `gw serve`
// instances give a trial its request and token caps once, not once each
// (core/ledger/trial_counts.h; docs/scale-out.md).
//
// claim_trial runs in preflight before the CreditBook's reservation: for a
// trial user's key on a billed model it claims one request of the shared
// count, or answers the 402 the book would give had it seen every
// instance's requests. A store that cannot answer leaves the decision to
// the book's own counts (per instance). end_trial_claim runs wherever the
// hold ends: a charge adds the request's tokens, anything else gives the
// claimed request back. A request that ends without settling (the
// context's safety net releases its hold) keeps its claim: it stays
// counted, erring toward the cap.
//
// Thread-safety: as the pipeline steps (the context is the caller's).
#pragma once

#include <optional>

#include "core/base/result.h"
#include "core/ledger/ledger_entry.h"
#include "proxy/pipeline/request_context.h"
#include "proxy/pipeline/services.h"

namespace gw {

Status claim_trial(const Services& s, RequestContext& ctx);
// `entry`: the ledger entry that ended the hold (a kCharge counted toward
// the trial adds its tokens), or nullopt when nothing was charged.
void end_trial_claim(const Services& s, RequestContext& ctx, const std::optional<LedgerEntry>& entry);

}  // namespace gw
