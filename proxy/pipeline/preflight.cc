// Step 4: pre-flight. Before any provider is called:
//   - anonymous callers and free-role keys may use only ":free" models;
//   - the model must have a price gw may bill (core/catalog/pricing.h);
//   - max_tokens must fit the model's context;
//   - for a user's key, the worst-case cost (a Usage priced exactly by
//     usage_cost) is held on the balance (402 if it is not covered):
//       chat: prompt estimate + max_tokens completion tokens. Without
//         max_tokens the worst case is the rest of the context; if the
//         balance cannot cover that, gw lowers max_tokens to what it does
//         cover (x-gw-max-tokens-capped) rather than refusing;
//       media routes: prompt estimate + the route's bounds (core/dialects/media_bounds.h):
//         n images with their output tokens, or the upload's longest duration;
//   - the token estimate is counted against the caller's token limits
//     (limits.h; 429 when a day's or month's tokens would run out);
//   - on PostgreSQL, no request starts while the usage writer's backlog is
//     full (503; UsageWriter::refusing).
#include <algorithm>

#include "proxy/accounts/accounts.h"
#include "proxy/accounts/shared_holds.h"
#include "proxy/io/usage_writer.h"
#include "proxy/pipeline/limits.h"
#include "proxy/pipeline/steps.h"
#include "proxy/pipeline/trial_claim.h"

namespace gw {
namespace {

Status check_free_only(const RequestContext& ctx, const CatalogModel& m) {
  if (m.is_free() || ctx.price.free) return ok_status();
  if (ctx.caller == Caller::kAnonymous)
    return make_error(ErrorKind::kUnauthorized,
                      "an API key is required for " + m.id + "; without one only :free models are available",
                      "missing_api_key");
  if (ctx.role == Role::kFree)
    return make_error(ErrorKind::kForbidden, "this API key's role (free) may use only :free models, not " + m.id,
                      "permission_denied", "model");
  return ok_status();
}

Error cost_overflow(const RequestContext& ctx) {
  return make_error(ErrorKind::kInvalidRequest, "the request's maximum cost is too large to compute", "cost_overflow",
                    ctx.media ? "" : "max_tokens");
}

// The most the request may use: a media route's bounds, or chat's prompt
// estimate and `completion` tokens.
Usage worst_case(const RequestContext& ctx, int64_t completion) {
  if (ctx.media) return worst_case_usage(*ctx.media, ctx.chat.prompt_tokens_estimate);
  Usage u;
  u.prompt_tokens = ctx.chat.prompt_tokens_estimate;
  u.completion_tokens = completion;
  return u;
}

Status hold_credit(const Services& s, RequestContext& ctx, const CatalogModel& m) {
  CreditBook& book = s.accounts->credits();
  const int64_t prompt = ctx.chat.prompt_tokens_estimate;
  int64_t completion = ctx.chat.max_tokens.value_or(std::max<int64_t>(m.context_length - prompt, 1));
  auto worst = usage_cost(ctx.price, worst_case(ctx, completion));
  if (!worst) return cost_overflow(ctx);
  if (!ctx.media && !ctx.chat.max_tokens) {
    auto account = book.get(ctx.user_id);
    Money available = account ? account->available() : Money{};
    if (*worst > available) {
      int64_t affordable = affordable_completion_tokens(ctx.price, prompt, available);
      if (affordable >= 1) {
        completion = affordable;
        worst = max_cost(ctx.price, prompt, completion);
        ctx.capped_max_tokens = completion;
        ctx.chat.set_max_tokens(completion);
      }
    }
  }
  // Several instances on Redis: the trial's shared counts decide first.
  if (auto st = claim_trial(s, ctx); !st) return st;
  if (auto st = book.reserve(ctx.user_id, ctx.request_id, *worst, ctx.price.free); !st) {
    end_trial_claim(s, ctx, std::nullopt);
    return st;
  }
  // Several instances on one PostgreSQL: the shared balance decides (this
  // process's book sees only its own requests).
  if (s.shared_holds && *worst > Money{}) {
    auto lease = s.shared_holds->hold(ctx.user_id, ctx.request_id, *worst);
    if (!lease) {
      (void)book.settle(ctx.request_id, Money{}, 0, LedgerKind::kRefund);  // no hold anywhere: nothing to write
      end_trial_claim(s, ctx, std::nullopt);
      return lease.error();
    }
    ctx.lease_id = std::move(lease).value();
    if (!ctx.lease_id.empty()) ctx.lease_holds = s.shared_holds;
  }
  ctx.hold = &book;
  ctx.held = *worst;
  return ok_status();
}

// PostgreSQL unreachable long enough for max_pending usage records to wait
// (UsageWriter::refusing): every new request, the owner's too, is refused
// rather than left waiting for room in the queue; nothing queued is lost.
Status check_usage_backlog(const Services& s) {
  if (!s.usage || !s.usage->refusing()) return ok_status();
  return make_error(ErrorKind::kUnavailable,
                    "the accounts database is unreachable and " + std::to_string(s.usage->unfinished()) +
                        " usage records wait to be written; requests are paused until it is back",
                    "database_unavailable");
}

Status run_preflight(const Services& s, RequestContext& ctx, bool count_tokens) {
  const CatalogModel& m = *ctx.resolved.model;
  auto price = billing_price(m);
  if (!price) return price.error();
  ctx.price = *price;
  if (auto st = check_free_only(ctx, m); !st) return st;
  int64_t max_completion = ctx.chat.max_tokens.value_or(0);
  if (m.context_length > 0 && max_completion > m.context_length)
    return make_error(ErrorKind::kInvalidRequest,
                      "max_tokens " + std::to_string(max_completion) + " exceeds the context length of " + m.id + " (" +
                          std::to_string(m.context_length) + ")",
                      "context_length_exceeded", "max_tokens");
  if (!usage_cost(ctx.price, worst_case(ctx, max_completion))) return cost_overflow(ctx);
  if (count_tokens)
    if (auto st = limit_tokens(s, ctx); !st) return st;
  if (ctx.caller == Caller::kKey && s.accounts) return hold_credit(s, ctx, m);
  return ok_status();
}

}  // namespace

Status preflight(const Services& s, RequestContext& ctx) {
  if (auto st = check_usage_backlog(s); !st) return st;
  return run_preflight(s, ctx, true);
}

Status preflight_again(const Services& s, RequestContext& ctx) { return run_preflight(s, ctx, false); }

}  // namespace gw
