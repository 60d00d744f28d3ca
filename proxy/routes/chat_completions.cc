// The chat routes: POST /v1/chat/completions, /v1/messages and /v1/responses
// run the same pipeline, each parsing and answering in its own client format.
#include "proxy/pipeline/steps.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

Reply run_chat_pipeline(const Services& s, const InboundRequest& in, const ClientDialect& client,
                        std::string_view route) {
  auto ctx = start_request(s, in, route, client);
  RequestContext& c = *ctx;

  // Who is calling, and may they?
  if (auto st = traced(s, c, "authenticate", [&] { return authenticate(s, in, c); }); !st)
    return refuse(s, c, st.error());
  if (auto st = traced(s, c, "apply_limits", [&] { return apply_limits(s, in, c); }); !st)
    return refuse(s, c, st.error());
  // What do they want, in canonical form? A request gw cannot translate may
  // still go to providers that speak the caller's dialect, untouched.
  c.inbound = &in;
  auto parsed = traced(s, c, "parse", [&] { return client.parse_request(in.body); });
  if (!parsed) {
    const NativeRoad* road = native_road(client.format());
    if (!road) return refuse(s, c, parsed.error());
    auto native = road->read_request(in.body);
    if (!native) return refuse(s, c, native.error());
    c.untranslatable = parsed.error();
    parsed = std::move(native);
  }
  c.chat = std::move(parsed).value();
  // Which model, from which providers?
  if (auto st = traced(s, c, "resolve_route", [&] { return resolve_route(s, in, c); }); !st)
    return refuse(s, c, st.error());
  const std::string& modality = c.resolved.model->modality;
  if (modality.size() < 6 || modality.compare(modality.size() - 6, 6, "->text") != 0)
    return refuse(s, c,
                  make_error(ErrorKind::kInvalidRequest,
                             "model " + c.resolved.model->id + " does not chat (its modality is " + modality + ")",
                             "invalid_request_error", "model"));
  // Answered before? (The cache's hit settles the request itself.)
  auto cached = traced(s, c, "cache", [&] { return look_up_cache(s, in, ctx); });
  if (!cached) return refuse(s, c, cached.error());
  if (*cached) return std::move(**cached);
  // Can it be paid for?
  if (auto st = traced(s, c, "preflight", [&] { return preflight(s, c); }); !st) return refuse(s, c, st.error());
  // Ask the providers in turn until one answers.
  // A router's pick whose providers all fail falls back down its ranking.
  if (auto st = traced(s, c, "forward", [&] { return forward_routed(s, in, c); }); !st)
    return fail_forward(s, c, st.error());
  // Pass the answer back in the client's format; settle when it is complete
  // (which also ends the relay step).
  step_started(s, c, "relay");
  return relay(s, ctx);
}

}  // namespace

Reply handle_chat_completions(const Services& s, const InboundRequest& in) {
  return run_chat_pipeline(s, in, openai_chat_dialect(), "/v1/chat/completions");
}

Reply handle_messages(const Services& s, const InboundRequest& in) {
  return run_chat_pipeline(s, in, anthropic_messages_dialect(), "/v1/messages");
}

Reply handle_responses(const Services& s, const InboundRequest& in) {
  return run_chat_pipeline(s, in, openai_responses_dialect(), "/v1/responses");
}

}  // namespace gw
