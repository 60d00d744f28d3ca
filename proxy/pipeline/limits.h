// limits.h - the rate limiter's hooks into the pipeline steps around it
// (apply_limits itself is a step, declared in steps.h):
//
//   authenticate  a refused caller is charged to the IP layer, whose 429
//                 replaces the refusal once the address is over its limit
//                 (refuse_caller); the violation is audited
//   preflight     the token estimate is counted (limit_tokens)
//   settle        the token windows are corrected to the real usage and the
//                 concurrency slot is given back (finish_limits)
//
// Also the doors outside the pipeline (login, register) use enforce().
// Thread-safe (they touch only the request's context and thread-safe services).
#pragma once

#include "core/limits/limit_decision.h"
#include "proxy/pipeline/request_context.h"
#include "proxy/pipeline/services.h"

namespace gw {

// What authenticate returns for a refused caller: the IP layer's 429 once the
// address is over its limit, else `refusal`, audited when it is a violation.
Error refuse_caller(const Services& s, const InboundRequest& in, RequestContext& ctx, Error refusal);

// Counts the request's token estimate (prompt estimate + max_tokens, or
// [limits] default_completion_tokens) against its day and month windows.
Status limit_tokens(const Services& s, RequestContext& ctx);

// Settles the token windows to ctx.usage and releases the concurrency slot.
void finish_limits(RequestContext& ctx);

// The 429 for a refused decision (nothing for an allowed one); audits abuse
// (the first refusal of an address in a window at the IP layer or a door)
// and velocity mode turning on.
Status enforce(const Services& s, const InboundRequest& in, const LimitDecision& decision);

}  // namespace gw
