// Step 4b: the response cache, between resolve_route and preflight
// (core/cache/). A request the cache may answer (the [cache] mode, the
// caller's Cache-Control and x-gw-cache: cache_directive.h) is looked up by
// its key (cache_key.h): the route, the resolved model, the tenant, the
// headers that change behaviour and the body. A hit is the stored answer,
// with x-gw-cache: hit and Age; no provider is asked and nothing is charged;
// the usage log records it with provider "cache" and no tokens. Answers are
// stored only whole and complete (2xx); streamed requests are not cached
// yet (x-gw-cache: bypass).
#include <optional>

#include "core/cache/cache_key.h"
#include "proxy/pipeline/steps.h"
#include "proxy/telemetry/telemetry.h"

namespace gw {
namespace {

// Whose answers a request may read: never another tenant's.
std::string tenant_of(const RequestContext& ctx, const InboundRequest& in) {
  if (!ctx.user_id.empty()) return "user " + ctx.user_id;
  if (!ctx.key_id.empty()) return "key " + ctx.key_id;
  if (ctx.caller == Caller::kOwner) return "owner";
  return "anonymous " + in.remote_addr;
}

// Request headers that change an answer.
constexpr std::string_view kBehaviourHeaders[] = {"anthropic-version", "anthropic-beta", "openai-beta"};

}  // namespace

Result<std::optional<Reply>> look_up_cache(const Services& s, const InboundRequest& in, RequestContext& ctx) {
  if (!s.cache) return std::optional<Reply>();
  auto directive = cache_directive(s.cache_mode, in.body, in.headers);
  if (!directive) return directive.error();
  ctx.cache_result = "bypass";
  if (!directive->cacheable() || ctx.chat.stream) return std::optional<Reply>();
  CacheKeyInput key_in{ctx.route, ctx.resolved.model->id, tenant_of(ctx, in), in.body, {}};
  for (std::string_view name : kBehaviourHeaders)
    if (std::string_view value = in.headers.get(name); !value.empty())
      key_in.headers.emplace_back(std::string(name), std::string(value));
  auto key = cache_key(key_in);
  if (!key) return std::optional<Reply>();
  ctx.cache_result = "miss";
  if (directive->write) ctx.cache_key = *key;
  if (!directive->read) return std::optional<Reply>();
  auto hit = s.cache->get(*key, directive->max_age_s);
  if (!hit) return std::optional<Reply>();

  ctx.cache_result = "hit";
  ctx.cache_key.clear();
  ctx.status = 200;
  Reply r;
  r.status = 200;
  r.body = hit->body;
  add_gateway_headers(s, ctx, r.headers);
  r.headers.add("Age", std::to_string(std::max<int64_t>(0, (s.clock->now_unix_ms() - hit->stored_ms) / 1000)));
  if (s.telemetry) s.telemetry->sent_to_client(ctx, r.body);
  settle(s, ctx);
  return std::optional<Reply>(std::move(r));
}

void store_in_cache(const Services& s, const RequestContext& ctx, const std::string& body) {
  if (!s.cache || ctx.cache_key.empty() || ctx.status < 200 || ctx.status >= 300) return;
  CachedAnswer answer;
  answer.model = ctx.resolved.model->id;
  answer.tenant = ctx.user_id.empty() ? ctx.key_id : ctx.user_id;
  answer.body = body;
  answer.usage = ctx.usage;
  s.cache->put(ctx.cache_key, std::move(answer));
}

}  // namespace gw
