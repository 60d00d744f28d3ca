// Step 7: settle. Computes the exact cost from the usage, ends the credit
// hold, and queues the usage record together with its ledger entry; the
// writer thread persists both in one transaction, off the hot path. Also
// settles the rate limiter's token windows to the real usage and frees the
// request's concurrency slot (limits.h).
//
// What a billed request pays:
//   - answered (2xx), or the client left mid-answer: the usage's exact cost;
//     the amount held when the provider's counts cannot be billed (beyond
//     kMaxTokenCount, or a cost past Money's range), never nothing;
//   - the provider refused the request as malformed (400/413/422 after the
//     request reached it): the prompt's cost, no refund (the caller's error);
//   - every other failure (provider 5xx, timeout, connection failure, a
//     stream cut or empty, no provider available, 429): nothing - the hold
//     is released as a refund;
//   - a response-cache hit: nothing (its record says what it saved), or with
//     [cache] charge_hits = "full" its stored usage's cost, as above.
// Then telemetry hears that the request is over (credits, tokens, access
// log, trace).
#include "core/base/clock.h"
#include "core/health/latency_book.h"
#include "proxy/accounts/shared_holds.h"
#include "proxy/io/usage_writer.h"
#include "proxy/pipeline/limits.h"
#include "proxy/pipeline/steps.h"
#include "proxy/pipeline/trial_claim.h"
#include "proxy/telemetry/telemetry.h"

namespace gw {
namespace {

bool is_caller_error(int status) { return status == 400 || status == 413 || status == 422; }

// The ledger entry for a billed request, or nullopt when nothing was held.
std::optional<LedgerEntry> settle_credit(RequestContext& ctx, Money cost) {
  if (!ctx.hold) return std::nullopt;
  CreditBook* book = ctx.hold;
  ctx.hold = nullptr;
  const bool answered = (ctx.status >= 200 && ctx.status < 300) || ctx.status == 499;
  if (answered)
    return book->settle(ctx.request_id, cost, ctx.usage.prompt_tokens + ctx.usage.completion_tokens,
                        LedgerKind::kCharge);
  if (is_caller_error(ctx.status) && ctx.attempts > 0) {
    Usage prompt_only;
    prompt_only.prompt_tokens = ctx.chat.prompt_tokens_estimate;
    Money prompt_cost = usage_cost(ctx.price, prompt_only).value_or(Money{});
    return book->settle(ctx.request_id, prompt_cost, prompt_only.prompt_tokens, LedgerKind::kCharge);
  }
  return book->settle(ctx.request_id, Money{}, 0, LedgerKind::kRefund);
}

void tell_telemetry(const Services& s, RequestContext& ctx, Money cost) {
  if (!s.telemetry) return;
  if (ctx.status >= 200 && ctx.status < 300) s.telemetry->credits_used(ctx, cost);
  s.telemetry->request_finished(ctx, cost);
}

}  // namespace

Money answer_cost(const RequestContext& ctx) {
  return ctx.usage.overflow ? ctx.held : usage_cost(ctx.price, ctx.usage).value_or(ctx.held);
}

void note_answer_latency(const Services& s, const RequestContext& ctx) {
  if (!s.latencies || ctx.status != 200 || !ctx.served_by || ctx.media || ctx.answer_sent_ns < 0 ||
      ctx.answer_ended_ns < ctx.answer_sent_ns || !ctx.resolved.model)
    return;
  std::optional<int64_t> ttft;
  if (ctx.answer_first_ns >= ctx.answer_sent_ns) ttft = (ctx.answer_first_ns - ctx.answer_sent_ns) / 1'000'000;
  s.latencies->record(ctx.served_by->provider->slug, ctx.resolved.model->id, ttft,
                      (ctx.answer_ended_ns - ctx.answer_sent_ns) / 1'000'000);
}

void settle(const Services& s, RequestContext& ctx) {
  finish_limits(ctx);
  UsageRecord rec;
  const bool answered = (ctx.status >= 200 && ctx.status < 300) || ctx.status == 499;
  if (answered && !ctx.free_hit) rec.cost = answer_cost(ctx);
  rec.saved = ctx.cache_saved;
  rec.ledger = settle_credit(ctx, rec.cost);
  if (ctx.lease_holds) {  // the writer lowers the lease by this request's hold
    if (rec.ledger) rec.ledger->lease_id = ctx.lease_id;
    ctx.lease_holds->finished(ctx.user_id, ctx.lease_id);
    ctx.lease_holds = nullptr;
  }
  end_trial_claim(s, ctx, rec.ledger);
  if (rec.ledger) rec.cost = (-rec.ledger->total_delta()).plus(rec.ledger->uncollected).value_or(rec.cost);
  if (!ctx.resolved.model) return tell_telemetry(s, ctx, rec.cost);
  rec.request_id = ctx.request_id;
  rec.created_ms = s.clock->now_unix_ms();
  rec.key_id = ctx.key_id;
  rec.user_id = ctx.user_id;
  rec.route = ctx.route;
  rec.model = ctx.resolved.model->id;
  rec.provider = ctx.served_by ? ctx.served_by->provider->slug : ctx.cache_result == "hit" ? "cache" : "";
  rec.status = ctx.status;
  rec.usage = ctx.usage;
  int64_t elapsed_ns = s.clock->steady_ns() - ctx.start_ns;
  rec.latency_ms = elapsed_ns / 1'000'000;
  rec.overhead_us = std::max<int64_t>(0, (elapsed_ns - ctx.upstream_ns) / 1000);
  rec.attempts = ctx.attempts;
  rec.stream = ctx.chat.stream;
  rec.router = ctx.route_choice;
  rec.route_decision = ctx.route_header;
  rec.trace_id = ctx.observed.trace_id;
  if (ctx.attempts > 1) rec.failover = std::move(ctx.failover);
  if (s.config && s.config->log.store_bodies) {  // before telemetry, which may hand them to the access log
    rec.request_body = ctx.observed.request_body;
    rec.response_body = ctx.observed.response_body;
  }
  tell_telemetry(s, ctx, rec.cost);
  if (s.usage) s.usage->submit(std::move(rec));
}

}  // namespace gw
