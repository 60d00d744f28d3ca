// Step 6: relay the provider's answer to the client (a stream: relay_stream.cc).
//
// Same format on both sides (passthrough): a whole body passes byte for byte
// (scanned once, and only its usage parsed - tokens, and for media routes
// images and audio duration); a stream passes event by event as it
// arrives, and only events that may carry usage are parsed. The usage event
// gw asked for on the client's behalf is dropped if the client did not ask.
//
// The native road (Anthropic Messages or Responses to a provider that speaks
// it, native_road.h): bytes pass as well, `model` is rewritten to the
// canonical ID, and the road reads usage (prompt-cache tokens included).
//
// Different formats: the provider's answer is decoded into canonical form and
// encoded in the client's format, event by event for streams.
#include "core/dialects/native_road.h"
#include "core/dialects/openai_chat_shape.h"
#include "core/dialects/openai_usage.h"
#include "core/json/json_splice.h"
#include "core/json/json_view.h"
#include "proxy/pipeline/relay_parts.h"
#include "proxy/pipeline/steps.h"
#include "proxy/telemetry/telemetry.h"

namespace gw {

RenderContext render_context(const Services& s, const RequestContext& ctx) {
  RenderContext r;
  r.model = ctx.chat.model;
  r.include_usage = ctx.chat.include_usage;
  if (const AnswerIdentity* recorded = ctx.upstream ? ctx.upstream->answer_identity() : nullptr) {
    r.request_id = recorded->id;
    r.created_s = recorded->created_s;
  } else {
    r.request_id = ctx.request_id;
    r.created_s = s.clock->now_unix_ms() / 1000;
  }
  r.prompt_tokens_estimate = ctx.chat.prompt_tokens_estimate;
  return r;
}

std::string usage_text(const Usage& u) {
  std::string out = "{\"prompt_tokens\":" + std::to_string(u.prompt_tokens) +
                    ",\"completion_tokens\":" + std::to_string(u.completion_tokens) +
                    ",\"total_tokens\":" + std::to_string(u.total()) + "}";
  return out;
}

namespace {

// An OpenAI chat answer passed through: `model` names the canonical ID (the
// same model answers alike from every provider), only the members OpenAI
// documents reach the caller (openai_chat_shape.h), and an answer without
// usage gets the usage gw estimated and billed.
void fill_missing_usage(const RequestContext& ctx, std::string& body) {
  if (!ctx.usage.estimated || !json_member(body, "usage").empty()) return;
  const std::string usage = usage_text(ctx.usage);
  const JsonEdit edit{"usage", usage};
  body = edit_json_object(body, std::span<const JsonEdit>(&edit, 1));
}

Reply fail_whole(const Services& s, const std::shared_ptr<RequestContext>& ctx, const Error& e) {
  ctx->status = e.http_status();
  if (s.telemetry) s.telemetry->note_error(*ctx, e);
  settle(s, *ctx);
  return error_reply(*ctx, e);
}

Reply relay_whole(const Services& s, const std::shared_ptr<RequestContext>& ctx) {
  auto body = read_all(*ctx->upstream);
  if (!body) return fail_whole(s, ctx, body.error());
  ctx->answer_ended_ns = s.clock->steady_ns();
  Reply r;
  if (ctx->native) {
    auto usage = ctx->native->answer_usage(*body, ctx->chat.prompt_tokens_estimate);
    if (!usage)
      return fail_whole(s, ctx,
                        make_error(ErrorKind::kUpstreamError,
                                   "provider " + ctx->served_by->provider->slug + " returned a body that is not JSON"));
    ctx->usage = *usage;
    r.body = std::move(body).value();
    native::rewrite_member(r.body, r.body, "model", ctx->native_model, ctx->resolved.model->id);
  } else if (ctx->passthrough) {
    // One pass reads the usage and (chat answers) makes the shape.
    auto usage = ctx->media ? usage_from_completion_text(*body, ctx->chat.prompt_tokens_estimate)
                            : read_chat_answer(*body, ctx->chat.prompt_tokens_estimate, ctx->native_model,
                                               ctx->resolved.model->id);
    if (!usage)
      return fail_whole(s, ctx,
                        make_error(ErrorKind::kUpstreamError,
                                   "provider " + ctx->served_by->provider->slug + " returned a body that is not JSON"));
    ctx->usage = *usage;
    if (ctx->media) fill_unreported_audio(ctx->usage, *ctx->media);
    r.body = std::move(body).value();
    if (!ctx->media) fill_missing_usage(*ctx, r.body);
  } else {
    auto canonical = ctx->adapter->parse_response(*body);
    if (!canonical) return fail_whole(s, ctx, canonical.error());
    ctx->usage = usage_from_completion(*canonical, ctx->chat.prompt_tokens_estimate);
    r.body = ctx->client->render_response(*canonical, ctx->usage, render_context(s, *ctx));
  }
  r.status = 200;
  ctx->status = 200;
  add_gateway_headers(s, *ctx, r.headers);
  note_answer_latency(s, *ctx);
  if (s.telemetry) s.telemetry->sent_to_client(*ctx, r.body);
  settle(s, *ctx);
  store_in_cache(s, *ctx, r.body);
  return r;
}

}  // namespace

Reply relay(const Services& s, std::shared_ptr<RequestContext> ctx) {
  return ctx->chat.stream ? relay_stream(s, ctx) : relay_whole(s, ctx);
}

}  // namespace gw
