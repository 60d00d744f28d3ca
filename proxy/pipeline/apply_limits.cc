// Step 2: rate limits (core/limits/rate_limiter.h), in the order of the layers:
//   - the local owner meets none;
//   - a user's key meets the key layer: its plan's requests/min, then its
//     concurrency cap (tokens are counted at pre-flight);
//   - a caller without a key meets the IP layer, then the anonymous layer;
//   - a caller whose key was refused met the IP layer already, inside
//     authenticate (refuse_caller), so a valid key is the only way past it.
// Every decision is kept in ctx for the X-RateLimit-* headers. Also the
// hooks of limits.h.
#include "core/limits/rate_limiter.h"
#include "proxy/accounts/accounts.h"
#include "proxy/pipeline/limits.h"
#include "proxy/pipeline/security_audit.h"
#include "proxy/pipeline/steps.h"
#include "proxy/telemetry/telemetry.h"

namespace gw {
namespace {

// The codes of authentication refusals that are security violations (a
// missing key is not one: it is how anonymous callers look).
bool is_violation(std::string_view code) {
  return code == "invalid_api_key" || code == "revoked_api_key" || code == "ip_not_allowed" ||
         code == "domain_not_allowed" || code == "permission_denied";
}

const PlanLimits& key_limits(const Services& s, const RequestContext& ctx) {
  auto id = s.accounts ? s.accounts->credits().plan_of(ctx.user_id) : std::nullopt;
  return effective_plan_limits(*s.config, id.value_or(PlanId::kTrial));
}

// The 429 for a refused decision, counted in rate_limited_requests_total.
Error refused(const Services& s, const LimitDecision& d) {
  rate_limited(s.telemetry, d.layer == LimitLayer::kDoor ? d.limit_name : limit_layer_name(d.layer));
  return rate_limit_error(d);
}

}  // namespace

Status enforce(const Services& s, const InboundRequest& in, const LimitDecision& d) {
  if (d.velocity_started)
    audit_violation(s, in, "velocity_mode_on",
                    "unusual share of refused requests without a valid key: IP and anonymous limits tightened for " +
                        std::to_string(s.limiter->settings().velocity_duration_s) + " s");
  if (d.allowed) return ok_status();
  Error e = refused(s, d);
  if (d.first_refusal && (d.layer == LimitLayer::kIp || d.layer == LimitLayer::kDoor))
    audit_violation(s, in, "rate_limit_abuse", e.message);
  return e;
}

Status apply_limits(const Services& s, const InboundRequest& in, RequestContext& ctx) {
  if (!s.limiter) return ok_status();
  switch (ctx.caller) {
    case Caller::kOwner:
      return ok_status();
    case Caller::kKey:
      ctx.rate_limit = s.limiter->admit_key(ctx.key_id, key_limits(s, ctx), ctx.limits);
      break;
    case Caller::kAnonymous:
      ctx.rate_limit = s.limiter->admit_anonymous(in.remote_addr, ctx.limits);
      break;
  }
  return enforce(s, in, ctx.rate_limit);
}

Error refuse_caller(const Services& s, const InboundRequest& in, RequestContext& ctx, Error refusal) {
  if (s.limiter) {
    ctx.rate_limit = s.limiter->admit_refused_caller(in.remote_addr);
    // Over the IP limit: the 429 (audited once per window), so a flood of
    // guessed keys cannot flood the audit log too.
    if (auto st = enforce(s, in, ctx.rate_limit); !st) return st.error();
  }
  if (is_violation(refusal.code)) audit_violation(s, in, refusal.code, refusal.message, ctx.key_id);
  return refusal;
}

Status limit_tokens(const Services& s, RequestContext& ctx) {
  if (!s.limiter || ctx.caller == Caller::kOwner) return ok_status();
  const int64_t estimate =
      ctx.chat.prompt_tokens_estimate + ctx.chat.max_tokens.value_or(s.limiter->settings().default_completion_tokens);
  LimitDecision d = s.limiter->charge_tokens(ctx.limits, estimate);
  if (d.allowed) return ok_status();
  ctx.rate_limit = d;
  return refused(s, d);
}

void finish_limits(RequestContext& ctx) {
  // A free cache hit spent no provider tokens: its stored usage is shown, not counted.
  ctx.limits.finish(ctx.free_hit ? 0 : ctx.usage.prompt_tokens + ctx.usage.completion_tokens);
}

}  // namespace gw
