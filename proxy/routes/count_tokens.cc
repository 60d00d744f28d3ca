// POST /v1/messages/count_tokens - Anthropic's token counting. When an
// Anthropic provider serves the model, its own counter answers (the caller's
// body and headers on the native road, free at the provider, nothing billed);
// otherwise, or when that provider cannot be reached, gw estimates (~4
// characters a token, at least 1). `x-gw-token-count` says which: "provider"
// or "estimate". The caller is authenticated and rate limited like any
// request.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/dialects/anthropic_messages_dialect.h"
#include "core/dialects/native_road.h"
#include "proxy/pipeline/steps.h"
#include "proxy/routes/routes.h"
#include "proxy/telemetry/telemetry.h"

namespace gw {
namespace {

// The first Anthropic provider of the route that answers; nullopt when none
// serves the model or none could be reached (a provider's 4xx is its answer).
// In strict replay a request with no recording is the miss, in Anthropic's
// dialect, not an estimate: the recording did not go that way.
std::optional<Reply> count_at_provider(const Services& s, RequestContext& c, const InboundRequest& in) {
  const NativeRoad& road = anthropic_native_road();
  for (const RouteCandidate& candidate : c.resolved.candidates) {
    const ProviderEndpoint* ep = s.providers->find(candidate.provider->slug);
    if (!ep || !ep->enabled || !road.served_by(*ep->info)) continue;
    NativeCall call{in.body, &in.headers, in.query, 0, "/count_tokens"};
    auto request = road.build_request(call, candidate.native_id, *ep, false);
    if (!request) continue;
    request->headers.add("x-request-id", c.echoed_id());
    request->connect_timeout_ms = s.config->upstream.connect_timeout_ms;
    request->read_timeout_ms = s.config->upstream.read_timeout_ms;
    auto opened = s.client_for(*ep).open(*request);
    if (!opened && opened.error().kind == ErrorKind::kCassetteMiss) {
      Reply r;
      r.status = opened.error().http_status();
      r.body = anthropic_error_body(opened.error());
      add_request_ids(c, r.headers);
      return r;
    }
    if (!opened) continue;
    const int status = (*opened)->status();
    auto body = read_all(**opened);
    if (!body || status >= 500 || status == 404) continue;  // unreachable, or no counter there
    Reply r;
    r.status = status;
    r.body = std::move(*body);
    add_request_ids(c, r.headers);
    r.headers.add("x-gw-provider", ep->info->slug);
    r.headers.add("x-gw-token-count", "provider");
    return r;
  }
  return std::nullopt;
}

// Records the finished request (access log, metrics, trace); nothing is billed.
Reply finished(const Services& s, RequestContext& c, Reply r) {
  c.status = r.status;
  if (s.telemetry) s.telemetry->request_finished(c, Money{});
  return r;
}

Reply estimate(const RequestContext& c, const InboundRequest& in) {
  Reply r;
  add_request_ids(c, r.headers);
  auto tokens = anthropic_count_tokens(in.body);
  if (!tokens) {
    r.status = tokens.error().http_status();
    r.body = anthropic_error_body(tokens.error());
    return r;
  }
  r.headers.add("x-gw-token-count", "estimate");
  r.body = nlohmann::json{{"input_tokens", std::max<int64_t>(*tokens, 1)}}.dump();
  return r;
}

}  // namespace

Reply handle_count_tokens(const Services& s, const InboundRequest& in) {
  auto ctx = start_request(s, in, "/v1/messages/count_tokens", anthropic_messages_dialect());
  RequestContext& c = *ctx;
  if (auto st = authenticate(s, in, c); !st) return refuse(s, c, st.error());
  if (auto st = apply_limits(s, in, c); !st) return refuse(s, c, st.error());
  auto request = anthropic_native_road().read_request(in.body);
  if (!request) return refuse(s, c, request.error());
  c.chat = std::move(request).value();
  // An unknown model is no error here: gw still estimates.
  if (resolve_route(s, in, c))
    if (auto counted = count_at_provider(s, c, in)) return finished(s, c, std::move(*counted));
  return finished(s, c, estimate(c, in));
}

}  // namespace gw
