// Step 4b: the response cache, between resolve_route and preflight
// (core/cache/). A request the cache may answer (the [cache] mode, the
// caller's Cache-Control and x-gw-cache: cache_directive.h) is looked up by
// its key (cache_key.h): the route, the resolved model, the tenant, the
// headers that change behaviour and the body; after an exact miss the
// semantic layer may answer (semantic_step.cc), and a request identical to
// one in flight waits for its answer (single flight). A hit is served by
// cache_hit.h, in the shape the caller asks for; no provider is asked. By
// default nothing is charged and the usage log records it with provider
// "cache", the stored answer's tokens, cost 0 and what it saved ([cache]
// charge_hits = "full": billed like the original, after pre-flight;
// core/cache/hit_charge.h). Answers are stored only complete and 2xx: a
// whole body, or a stream's events as the caller got them with their
// times. A stored answer that cannot be served is dropped, counted and
// warned about (the request goes upstream).
#include <cstdio>
#include <optional>

#include "core/cache/cache_key.h"
#include "proxy/pipeline/cache_hit.h"
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

// Whose answer is stored, as `gw cache clear --user` names it: the user's
// id, else the key's id, else "owner" or "anonymous".
std::string cache_tenant(const RequestContext& ctx) {
  if (!ctx.user_id.empty()) return ctx.user_id;
  if (!ctx.key_id.empty()) return ctx.key_id;
  return ctx.caller == Caller::kOwner ? "owner" : "anonymous";
}

// Request headers that change an answer.
constexpr std::string_view kBehaviourHeaders[] = {"anthropic-version", "anthropic-beta", "openai-beta"};

// After a miss: leads the flight for `key` (when its answer may be stored),
// or follows one already in the air - waits, bounded, for it to land and
// reads the answer it stored. Null: lead, or go upstream alone (no flight,
// the wait ran out, or the leader failed).
std::shared_ptr<const CachedAnswer> follow_flight(const Services& s, RequestContext& ctx, const std::string& key,
                                                  const CacheDirective& directive) {
  if (!s.flights) return nullptr;
  auto joined = s.flights->join(key, directive.write);
  if (joined.lease) ctx.flight = std::move(joined.lease);
  if (!joined.follow || !directive.read) return nullptr;
  int64_t waited = 0;
  for (int64_t step = 1; !joined.follow->landed.load(std::memory_order_acquire);
       step = std::min<int64_t>(step * 2, 20)) {
    if (waited >= s.flight_wait_ms) return nullptr;
    s.clock->sleep_ms(step);
    waited += step;
  }
  return s.cache->get(key, directive.max_age_s);
}

}  // namespace

void warn_cache(const Services& s, std::string_view layer, const std::string& message) {
  if (s.config->log.level == "error") return;
  std::fprintf(stderr, "gw: warn: %.*s: %s; the request goes upstream\n", static_cast<int>(layer.size()), layer.data(),
               message.c_str());
}

Result<std::optional<Reply>> look_up_cache(const Services& s, const InboundRequest& in,
                                           const std::shared_ptr<RequestContext>& shared) {
  RequestContext& ctx = *shared;
  if (!s.cache) return std::optional<Reply>();
  auto directive = cache_directive(s.cache_mode, in.body, in.headers);
  if (!directive) return directive.error();
  ctx.cache_result = "bypass";
  if (!directive->cacheable()) return std::optional<Reply>();
  const std::string tenant = tenant_of(ctx, in);  // held: the key's input only views it
  CacheKeyInput key_in{ctx.route, ctx.resolved.model->id, tenant, in.body, {}};
  for (std::string_view name : kBehaviourHeaders)
    if (std::string_view value = in.headers.get(name); !value.empty())
      key_in.headers.emplace_back(std::string(name), std::string(value));
  auto key = cache_key(key_in);
  if (!key) return std::optional<Reply>();
  ctx.cache_result = "miss";
  if (directive->write) ctx.cache_key = *key;
  if (!directive->read) return std::optional<Reply>();
  auto hit = s.cache->get(*key, directive->max_age_s);
  if (!hit && s.semantic) hit = look_up_semantic(s, key_in, *directive, ctx.cache_key, ctx);
  if (!hit) hit = follow_flight(s, ctx, *key, *directive);
  if (!hit) return std::optional<Reply>();
  auto shaped = shape_hit(ctx, hit);
  if (!shaped) {  // not an answer in this shape: dropped, and the provider asked
    s.cache->drop(*key, shaped.error().message);
    warn_cache(s, "response cache", "request " + ctx.request_id + ": " + shaped.error().message);
    return std::optional<Reply>();
  }
  // [cache] charge_hits = "full": billed like a provider's answer, so it
  // passes pre-flight first (a 402 when the balance cannot cover it).
  if (s.cache_charge == HitCharge::kFull)
    if (auto st = preflight(s, ctx); !st) return st.error();
  ctx.free_hit = s.cache_charge == HitCharge::kFree;
  ctx.cache_saved = ctx.free_hit ? hit->cost : Money{};  // a charged hit saves its caller nothing
  ctx.usage = hit->usage;                                // shown, and billed only when the hit is charged
  return std::optional<Reply>(serve_hit(s, shared, hit, std::move(shaped).value(), *directive));
}

void store_in_cache(const Services& s, RequestContext& ctx, const std::string& body, std::vector<CachedFrame> frames) {
  // Followers look again once the answer is in (or go on their own).
  struct Land {
    RequestContext& ctx;
    ~Land() {
      if (ctx.flight) ctx.flight->land();
    }
  } land{ctx};
  if (!s.cache || ctx.cache_key.empty() || ctx.status < 200 || ctx.status >= 300) return;
  CachedAnswer answer;
  answer.model = ctx.resolved.model->id;
  answer.tenant = cache_tenant(ctx);
  answer.body = body;
  answer.frames = std::move(frames);
  answer.stream_usage = ctx.chat.stream && ctx.chat.include_usage;
  answer.usage = ctx.usage;
  answer.cost = answer_cost(ctx);
  s.cache->put(ctx.cache_key, std::move(answer));
  if (s.semantic && ctx.semantic_entry) s.semantic->insert(*ctx.semantic_entry);
}

}  // namespace gw
