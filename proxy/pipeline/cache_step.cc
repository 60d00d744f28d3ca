// Step 4b: the response cache, between resolve_route and preflight
// (core/cache/). A request the cache may answer (the [cache] mode, the
// caller's Cache-Control and x-gw-cache: cache_directive.h) is looked up by
// its key (cache_key.h): the route, the resolved model, the tenant, the
// headers that change behaviour and the body. A hit is the stored answer,
// with x-gw-cache: hit and Age; no provider is asked. By default nothing is
// charged and the usage log records it with provider "cache", the stored
// answer's tokens, cost 0 and what it saved ([cache] charge_hits = "full":
// billed like the original, after pre-flight; core/cache/hit_charge.h). Answers are
// stored only complete and 2xx: a whole body, or a stream's events as the
// caller got them, replayed at once as a stream. (A streamed request is
// keyed apart from a whole one: one shape is not yet served as the other.)
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

// Whose answer is stored, as `gw cache clear --user` names it: the user's
// id, else the key's id, else "owner" or "anonymous".
std::string cache_tenant(const RequestContext& ctx) {
  if (!ctx.user_id.empty()) return ctx.user_id;
  if (!ctx.key_id.empty()) return ctx.key_id;
  return ctx.caller == Caller::kOwner ? "owner" : "anonymous";
}

// Request headers that change an answer.
constexpr std::string_view kBehaviourHeaders[] = {"anthropic-version", "anthropic-beta", "openai-beta"};

}  // namespace

Result<std::optional<Reply>> look_up_cache(const Services& s, const InboundRequest& in,
                                           const std::shared_ptr<RequestContext>& shared) {
  RequestContext& ctx = *shared;
  if (!s.cache) return std::optional<Reply>();
  auto directive = cache_directive(s.cache_mode, in.body, in.headers);
  if (!directive) return directive.error();
  ctx.cache_result = "bypass";
  if (!directive->cacheable()) return std::optional<Reply>();
  const std::string tenant = tenant_of(ctx, in);  // held: the key's input only views it
  CacheKeyInput key_in{ctx.route, ctx.resolved.model->id, tenant, in.body, {}, ctx.chat.stream};
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
  // [cache] charge_hits = "full": billed like a provider's answer, so it
  // passes pre-flight first (a 402 when the balance cannot cover it).
  if (s.cache_charge == HitCharge::kFull)
    if (auto st = preflight(s, ctx); !st) return st.error();
  ctx.free_hit = s.cache_charge == HitCharge::kFree;
  ctx.cache_saved = ctx.free_hit ? hit->cost : Money{};  // a charged hit saves its caller nothing
  ctx.usage = hit->usage;                                // shown, and billed only when the hit is charged

  ctx.cache_result = "hit";
  ctx.cache_key.clear();
  ctx.status = 200;
  Reply r;
  r.status = 200;
  add_gateway_headers(s, ctx, r.headers);
  r.headers.add("Age", std::to_string(std::max<int64_t>(0, (s.clock->now_unix_ms() - hit->stored_ms) / 1000)));
  if (hit->frames.empty()) {
    r.body = hit->body;
    if (s.telemetry) s.telemetry->sent_to_client(ctx, r.body);
    settle(s, ctx);
    return std::optional<Reply>(std::move(r));
  }
  // A stored stream: its events, in order, as fast as the caller takes them.
  r.content_type = "text/event-stream";
  r.headers.add("Cache-Control", "no-cache");
  auto replay = std::make_shared<size_t>(0);
  const Services* services = &s;
  std::shared_ptr<RequestContext> c = shared;  // lives as long as the stream
  r.next_chunk = [hit, replay, services, c](std::string& out) {
    out = hit->frames[(*replay)++].bytes;
    if (services->telemetry) services->telemetry->sent_to_client(*c, out);
    return *replay < hit->frames.size() ? StreamStep::kChunk : StreamStep::kEnd;
  };
  r.on_stream_end = [services, c](bool completed) {
    if (!completed) c->status = 499;
    settle(*services, *c);
  };
  return std::optional<Reply>(std::move(r));
}

void store_in_cache(const Services& s, const RequestContext& ctx, const std::string& body,
                    std::vector<CachedFrame> frames) {
  if (!s.cache || ctx.cache_key.empty() || ctx.status < 200 || ctx.status >= 300) return;
  CachedAnswer answer;
  answer.model = ctx.resolved.model->id;
  answer.tenant = cache_tenant(ctx);
  answer.body = body;
  answer.frames = std::move(frames);
  answer.usage = ctx.usage;
  answer.cost = answer_cost(ctx);
  s.cache->put(ctx.cache_key, std::move(answer));
}

}  // namespace gw
