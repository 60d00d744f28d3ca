// Step 5: forward to a provider, failing over down the candidate list.
#include <algorithm>
#include <optional>

#include "core/dialects/dialect.h"
#include "core/dialects/native_road.h"
#include "core/health/circuit_breaker.h"
#include "core/health/provider_health.h"
#include "core/http/sse.h"
#include "core/json/json_parse.h"
#include "proxy/pipeline/steps.h"
#include "proxy/telemetry/telemetry.h"

namespace gw {
namespace {

// The longest Retry-After gw waits out itself before answering 429.
constexpr int64_t kMaxBackoffMs = 2000;

// Upstream statuses after which the next provider is tried.
bool fails_over(int status) {
  static constexpr int kCodes[] = {401, 402, 403, 404, 502, 503, 504};
  return std::find(std::begin(kCodes), std::end(kCodes), status) != std::end(kCodes);
}

// The caller's native road when `ep` speaks the caller's dialect, else null.
const NativeRoad* road_to(const RequestContext& ctx, const ProviderEndpoint& ep) {
  if (ctx.build_upstream || !ctx.inbound) return nullptr;
  const NativeRoad* road = native_road(ctx.client->format());
  return road && road->served_by(*ep.info) ? road : nullptr;
}

// True when some enabled candidate speaks the caller's dialect: then only
// those are tried (failover stays on the native road, so what the caller
// sent is never silently reshaped by a fallback).
bool native_only(const Services& s, const RequestContext& ctx) {
  for (const RouteCandidate& c : ctx.resolved.candidates) {
    const ProviderEndpoint* ep = s.providers->find(c.provider->slug);
    if (ep && ep->enabled && road_to(ctx, *ep)) return true;
  }
  return false;
}

// The request for one candidate: the caller's bytes on the native road, else
// a translation (or a media route's own request).
Result<HttpRequest> upstream_request(const RequestContext& ctx, const RouteCandidate& c, const ProviderEndpoint& ep) {
  if (const NativeRoad* road = road_to(ctx, ep)) {
    NativeCall call{ctx.inbound->body, &ctx.inbound->headers, ctx.inbound->query, ctx.capped_max_tokens};
    return road->build_request(call, c.native_id, ep, ctx.chat.stream);
  }
  if (ctx.untranslatable) return *ctx.untranslatable;
  if (ctx.build_upstream) return ctx.build_upstream(c, ep);
  return adapter_for(ep.info->wire).build_request(ctx.chat, c.native_id, ep);
}

// Reads a stream's first bytes into `first` until they hold an event with
// data other than "[DONE]" (or kMaxSseEventBytes of events without one,
// keep-alive comments say); the relay passes them all on. False when the
// stream ended or failed before that: an empty stream ("data: [DONE]" alone
// included), which is no answer and is not charged.
bool read_first_answer(ResponseStream& stream, std::string& first) {
  SseSplitter peek;
  std::vector<std::string> events;
  std::string bytes;
  first.clear();
  auto answered = [&] {
    for (const auto& e : events)
      if (std::string data = sse_data(e); !data.empty() && data != "[DONE]") return true;
    return peek.too_large() || first.size() > kMaxSseEventBytes;  // the relay decides
  };
  while (stream.next(bytes)) {
    first += bytes;
    events.clear();
    peek.feed(bytes, events);
    if (answered()) return true;
    if (stream.ended()) break;
  }
  events.clear();
  peek.finish(events);
  return stream.error().ok() && answered();
}

Result<HttpRequest> build_request(const Services& s, const RequestContext& ctx, const RouteCandidate& c,
                                  const ProviderEndpoint& ep) {
  auto r = upstream_request(ctx, c, ep);
  if (!r) return r;
  r->headers.add("x-request-id", ctx.echoed_id());
  r->connect_timeout_ms = s.config->upstream.connect_timeout_ms;
  r->read_timeout_ms = s.config->upstream.read_timeout_ms;
  if (ctx.upstream_timeout_ms > 0) {
    r->connect_timeout_ms = std::min(r->connect_timeout_ms, ctx.upstream_timeout_ms);
    r->read_timeout_ms = std::min(r->read_timeout_ms, ctx.upstream_timeout_ms);
  }
  return r;
}

// The provider's own error message, if its body is an OpenAI-style error.
std::string upstream_message(const std::string& body) {
  auto j = parse_json(body);
  if (j.is_object() && j.contains("error")) {
    const auto& e = j["error"];
    if (e.is_object() && e.contains("message") && e["message"].is_string()) return e["message"].get<std::string>();
    if (e.is_string()) return e.get<std::string>();
  }
  return {};
}

Error error_from_upstream(const std::string& slug, int status, ResponseStream& stream) {
  auto body = read_all(stream);
  std::string detail = body ? upstream_message(*body) : std::string();
  Error e =
      make_error(kind_for_upstream_status(status),
                 "provider " + slug + " answered " + std::to_string(status) + (detail.empty() ? "" : ": " + detail),
                 "upstream_" + std::to_string(status));
  if (status == 429) {
    std::string_view ra = stream.headers().get("retry-after");
    e.retry_after_s = ra.empty() ? 1 : std::max(1, std::atoi(std::string(ra).c_str()));
  }
  return e;
}

}  // namespace

Status forward(const Services& s, RequestContext& ctx) {
  std::optional<Error> last;  // why the last candidate tried could not serve
  bool backed_off = false;    // one bounded wait-and-retry per request on 429
  const bool only_native = native_only(s, ctx);
  for (size_t i = 0; i < ctx.resolved.candidates.size(); ++i) {
    const RouteCandidate& c = ctx.resolved.candidates[i];
    const ProviderEndpoint* ep = s.providers->find(c.provider->slug);
    if (!ep || !ep->enabled) continue;
    if (only_native && !road_to(ctx, *ep)) continue;
    auto request = build_request(s, ctx, c, *ep);
    if (!request) {  // this provider cannot serve a feature the request uses
      last = request.error();
      last->message = "provider " + c.provider->slug + ": " + last->message;
      continue;
    }
    CircuitBreaker* breaker = s.breakers ? &s.breakers->at(c.provider->slug) : nullptr;
    if (breaker && !breaker->allow()) {  // OPEN: skip without calling it
      last = make_error(ErrorKind::kUnavailable, "provider " + c.provider->slug + ": circuit breaker is open",
                        "circuit_open");
      continue;
    }
    // Every attempt that reaches the provider reports its outcome exactly once.
    int64_t t0 = s.clock->steady_ns();
    auto outcome = [&, breaker](int status) {
      bool failed = counts_as_provider_failure(status);
      int64_t took_ns = s.clock->steady_ns() - t0;
      if (s.telemetry) s.telemetry->attempt_ended(ctx, *c.provider, status, took_ns);
      if (!ctx.failover.empty()) ctx.failover += ' ';
      ctx.failover.append(c.provider->slug).append(1, ':').append(std::to_string(status));
      if (s.health)
        s.health->record(c.provider->slug, ctx.resolved.model->id, !failed, took_ns / 1'000'000,
                         s.clock->now_unix_ms());
      if (!breaker) return;
      if (failed) breaker->record_failure();
      else breaker->record_success();
    };
    ++ctx.attempts;
    if (s.telemetry) s.telemetry->attempt_started(ctx, request->headers);  // traceparent upstream
    auto opened = s.client_for(*ep).open(*request);
    // Strict replay without a recording (a kind only the cassette client
    // makes): the caller's test changed, not the provider. Answered as is -
    // not failed over, and no breaker, health figure or metric counts it. A
    // recorded failure replays as its own kind and fails over as it did.
    if (!opened && opened.error().kind == ErrorKind::kCassetteMiss) return opened.error();
    if (!opened) {  // connection failure or timeout: try the next provider
      outcome(0);
      ctx.upstream_ns += s.clock->steady_ns() - t0;
      last = opened.error();
      last->message = "provider " + c.provider->slug + ": " + last->message;
      continue;
    }
    std::unique_ptr<ResponseStream> stream = std::move(opened).value();
    int status = stream->status();
    if (status >= 200 && status < 300 && ctx.chat.stream) {
      // Commit to a stream only once it carries an answer: until then
      // nothing has reached the client and another provider may still answer.
      if (!read_first_answer(*stream, ctx.first_chunk)) {
        outcome(0);
        ctx.upstream_ns += s.clock->steady_ns() - t0;
        last = stream->error().ok() ? make_error(ErrorKind::kUpstreamError, "sent an empty stream")
                                    : stream->error().error();
        last->message = "provider " + c.provider->slug + ": " + last->message;
        continue;
      }
    }
    const int64_t committed_ns = s.clock->steady_ns();
    ctx.upstream_ns += committed_ns - t0;
    outcome(status);
    if (status >= 200 && status < 300) {
      ctx.answer_sent_ns = t0;
      ctx.answer_first_ns = ctx.chat.stream ? committed_ns : -1;
      ctx.served_by = &c;
      ctx.adapter = &adapter_for(ep->info->wire);
      ctx.native = road_to(ctx, *ep);
      ctx.native_model = c.native_id;
      ctx.passthrough = ctx.native || same_format(ctx.client->format(), ep->info->wire);
      ctx.upstream = std::move(stream);
      return ok_status();
    }
    last = error_from_upstream(c.provider->slug, status, *stream);
    if (status == 429 && !backed_off && last->retry_after_s * 1000 <= kMaxBackoffMs) {
      // A short rate-limit pause: wait it out once and ask the same provider
      // again rather than moving the load elsewhere.
      backed_off = true;
      s.clock->sleep_ms(int64_t{last->retry_after_s} * 1000);
      --i;
      continue;
    }
    if (!fails_over(status)) {
      // 400s are the caller's to fix; 429 is answered with Retry-After; other
      // statuses are passed on as they are. None of them fail over.
      ctx.served_by = &c;
      return *last;
    }
  }
  if (!last) return make_error(ErrorKind::kUnavailable, "no provider could serve the request");
  return *last;
}

}  // namespace gw
