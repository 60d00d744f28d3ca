// The chat routes: POST /v1/chat/completions, /v1/messages and /v1/responses
// run the same pipeline, each parsing and answering in its own client format.
#include "core/request_id.h"
#include "proxy/pipeline/steps.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

Reply run_chat_pipeline(const Services& s, const InboundRequest& in, const ClientDialect& client,
                        std::string_view route) {
  auto ctx = std::make_shared<RequestContext>();
  ctx->start_ns = s.clock->steady_ns();
  std::string_view client_id = in.headers.get("x-request-id");
  ctx->request_id = is_acceptable_request_id(client_id) ? std::string(client_id) : new_request_id();
  ctx->route = std::string(route);
  ctx->client = &client;

  // Who is calling, and may they?
  if (auto st = authenticate(s, in, *ctx); !st) return error_reply(*ctx, st.error());
  if (auto st = apply_limits(s, in, *ctx); !st) return error_reply(*ctx, st.error());
  // What do they want, in canonical form?
  auto parsed = client.parse_request(in.body);
  if (!parsed) return error_reply(*ctx, parsed.error());
  ctx->chat = std::move(parsed).value();
  // Which model, from which providers?
  if (auto st = resolve_route(s, in, *ctx); !st) return error_reply(*ctx, st.error());
  const std::string& modality = ctx->resolved.model->modality;
  if (modality.size() < 6 || modality.compare(modality.size() - 6, 6, "->text") != 0)
    return error_reply(*ctx, make_error(ErrorKind::kInvalidRequest,
                                        "model " + ctx->resolved.model->id + " does not chat (its modality is " +
                                            modality + ")",
                                        "invalid_request_error", "model"));
  // Can it be paid for?
  if (auto st = preflight(s, *ctx); !st) return error_reply(*ctx, st.error());
  // Ask the providers in turn until one answers.
  if (auto st = forward(s, *ctx); !st) {
    ctx->status = st.error().http_status();
    settle(s, *ctx);
    return error_reply(*ctx, st.error());
  }
  // Pass the answer back in the client's format; settle when it is complete.
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
