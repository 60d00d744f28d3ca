// The pipeline the OpenAI media routes share (see media.h).
#include "proxy/routes/media.h"

#include "core/dialects/openai_adapter.h"
#include "core/json/json_parse.h"
#include "proxy/pipeline/steps.h"

namespace gw {
namespace {

// The provider request for one candidate; only OpenAI-format providers (and
// the mock) have these endpoints, so others are refused and failover moves on.
Result<HttpRequest> build_media_request(const MediaRoute& route, const MediaRequest& req, const RouteCandidate& c,
                                        const ProviderEndpoint& ep) {
  WireFormat wire = ep.info ? ep.info->wire : WireFormat::kOpenAI;
  if (wire != WireFormat::kOpenAI && wire != WireFormat::kMock)
    return make_error(ErrorKind::kInvalidRequest, "does not offer " + std::string(route.output),
                      "invalid_request_error");
  UpstreamBody body = req.body_for(c.native_id);
  HttpRequest r;
  r.url = provider_url(ep, route.upstream_path);
  r.headers.add("Content-Type", std::move(body.content_type));
  r.headers.add("Accept", "application/json");
  add_auth_headers(ep, r.headers);
  r.body = std::move(body.body);
  return r;
}

}  // namespace

std::string_view modality_inputs(std::string_view modality) {
  size_t arrow = modality.find("->");
  return arrow == std::string_view::npos ? modality : modality.substr(0, arrow);
}

std::string_view modality_outputs(std::string_view modality) {
  size_t arrow = modality.find("->");
  return arrow == std::string_view::npos ? std::string_view() : modality.substr(arrow + 2);
}

Error invalid_param(std::string message, std::string param) {
  return make_error(ErrorKind::kInvalidRequest, std::move(message), "invalid_request_error", std::move(param));
}

Result<nlohmann::json> parse_json_request(std::string_view body) {
  auto j = parse_json(body);
  if (j.is_discarded()) return invalid_param("request body is not valid JSON", "");
  if (!j.is_object()) return invalid_param("request body must be a JSON object", "");
  if (const std::string* twin = model_case_variant(j))
    return invalid_param("'" + *twin + "' repeats 'model' in another case: send 'model' once", *twin);
  if (!j.contains("model") || j["model"].is_null()) return invalid_param("you must provide a model parameter", "model");
  if (!j["model"].is_string() || j["model"].get_ref<const std::string&>().empty())
    return invalid_param("'model' must be a non-empty string", "model");
  if (j.contains("provider") && !j["provider"].is_string())
    return invalid_param("'provider' must be a provider slug string", "provider");
  return j;
}

std::function<UpstreamBody(const std::string&)> json_body_for(nlohmann::json body) {
  body.erase("provider");
  return [body = std::move(body)](const std::string& native_id) {
    nlohmann::json b = body;
    b["model"] = native_id;
    return UpstreamBody{"application/json", b.dump()};
  };
}

namespace {

// The pipeline from parsing on, for a caller admitted already.
Reply serve_admitted(const Services& s, const InboundRequest& in, const std::shared_ptr<RequestContext>& ctx,
                     const MediaRoute& route, MediaParser parse) {
  // What do they want?
  auto parsed = traced(s, *ctx, "parse", [&] { return parse(in); });
  if (!parsed) return refuse(s, *ctx, parsed.error());
  MediaRequest req = std::move(parsed).value();
  ctx->chat.model = req.model;
  ctx->chat.provider_override = req.provider_override;
  ctx->chat.prompt_tokens_estimate = req.prompt_tokens_estimate;
  ctx->chat.stream = false;
  ctx->media = req.bounds;
  // Which model, from which providers? It must produce what the route does.
  if (auto st = traced(s, *ctx, "resolve_route", [&] { return resolve_route(s, in, *ctx); }); !st)
    return refuse(s, *ctx, st.error());
  const CatalogModel& model = *ctx->resolved.model;
  if (!route.fits(model.modality))
    return refuse(s, *ctx,
                  invalid_param("model " + model.id + " does not produce " + std::string(route.output) +
                                    " (its modality is " + model.modality + ")",
                                "model"));
  // Can it be paid for?
  if (auto st = traced(s, *ctx, "preflight", [&] { return preflight(s, *ctx); }); !st)
    return refuse(s, *ctx, st.error());
  // Ask the providers in turn until one answers.
  ctx->build_upstream = [&route, &req](const RouteCandidate& c, const ProviderEndpoint& ep) {
    return build_media_request(route, req, c, ep);
  };
  Status forwarded = traced(s, *ctx, "forward", [&] { return forward(s, *ctx); });
  ctx->build_upstream = nullptr;  // it refers to this frame
  if (!forwarded) return fail_forward(s, *ctx, forwarded.error());
  // Pass the answer back (settled inside relay), then reshape it if asked.
  step_started(s, *ctx, "relay");
  Reply reply = relay(s, ctx);
  if (reply.status == 200 && req.reshape) req.reshape(reply);
  return reply;
}

}  // namespace

Reply run_media_pipeline(const Services& s, const InboundRequest& in, const MediaRoute& route, MediaParser parse) {
  // OpenAI-shaped errors; answers pass through as the provider sent them.
  auto ctx = start_request(s, in, route.path, openai_chat_dialect());

  // Who is calling, and may they?
  if (auto st = traced(s, *ctx, "authenticate", [&] { return authenticate(s, in, *ctx); }); !st)
    return refuse(s, *ctx, st.error());
  if (auto st = traced(s, *ctx, "apply_limits", [&] { return apply_limits(s, in, *ctx); }); !st)
    return refuse(s, *ctx, st.error());
  return serve_admitted(s, in, ctx, route, parse);
}

Reply run_owner_media_pipeline(const Services& s, const InboundRequest& in, const MediaRoute& route, MediaParser parse,
                               int timeout_ms) {
  auto ctx = start_request(s, in, route.path, openai_chat_dialect());
  ctx->caller = Caller::kOwner;
  ctx->role = Role::kAdmin;
  ctx->upstream_timeout_ms = timeout_ms;
  return serve_admitted(s, in, ctx, route, parse);
}

}  // namespace gw
