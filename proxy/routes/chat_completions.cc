// POST /v1/chat/completions - the request pipeline, step by step.
#include "core/request_id.h"
#include "proxy/pipeline/steps.h"
#include "proxy/routes/routes.h"

namespace gw {

Reply handle_chat_completions(const Services& s, const InboundRequest& in) {
  auto ctx = std::make_shared<RequestContext>();
  ctx->start_ns = s.clock->steady_ns();
  std::string_view client_id = in.headers.get("x-request-id");
  ctx->request_id = is_acceptable_request_id(client_id) ? std::string(client_id) : new_request_id();
  ctx->route = "/v1/chat/completions";
  ctx->dialect = Dialect::kOpenAI;

  // Who is calling, and may they?
  if (auto st = authenticate(s, in, *ctx); !st) return error_reply(*ctx, st.error());
  if (auto st = apply_limits(s, in, *ctx); !st) return error_reply(*ctx, st.error());
  // What do they want?
  auto parsed = parse_chat_request(in.body);
  if (!parsed) return error_reply(*ctx, parsed.error());
  ctx->chat = std::move(parsed).value();
  // Which model, from which providers?
  if (auto st = resolve_route(s, in, *ctx); !st) return error_reply(*ctx, st.error());
  // Can it be paid for?
  if (auto st = preflight(s, *ctx); !st) return error_reply(*ctx, st.error());
  // Ask the providers in turn until one answers.
  if (auto st = forward(s, *ctx); !st) {
    ctx->status = st.error().http_status();
    settle(s, *ctx);
    return error_reply(*ctx, st.error());
  }
  // Pass the answer back; settle when it is complete.
  return relay(s, ctx);
}

}  // namespace gw
