// The reply for a response-cache hit (cache_step.cc found it): the stored
// answer in the shape the caller asked for (core/cache/answer_shapes.h) -
// a stored stream's own events when it asks for that stream, else the
// events its provider would have sent for the whole answer, or the whole
// answer a stored stream builds - replayed at once or at the recorded pace
// (x-gw-cache-replay: paced; the clock's sleep yields the fiber).
#include "proxy/pipeline/cache_hit.h"

#include "core/cache/answer_shapes.h"
#include "proxy/telemetry/telemetry.h"

namespace gw {
namespace {

using Frames = std::vector<CachedFrame>;

std::string joined(const Frames& frames) {
  std::string all;
  for (const CachedFrame& f : frames) all += f.bytes;
  return all;
}

// The stored answer as one body, whichever shape it was stored in.
Result<std::string> whole_answer(const RequestContext& ctx, const CachedAnswer& hit) {
  if (hit.frames.empty()) return hit.body;
  return whole_from_stream(ctx.client->format(), joined(hit.frames), hit.usage);
}

// The stored answer as a stream's events: its own, when it was stored as
// the stream this caller asks for, else made from the whole answer.
Result<std::shared_ptr<const Frames>> stream_answer(const RequestContext& ctx,
                                                    const std::shared_ptr<const CachedAnswer>& hit) {
  const bool same_events =
      ctx.client->format() != ClientFormat::kOpenAIChat || hit->stream_usage == ctx.chat.include_usage;
  if (!hit->frames.empty() && same_events) return std::shared_ptr<const Frames>(hit, &hit->frames);
  if (hit->frames.empty() && hit->body.empty()) return make_error(ErrorKind::kInternal, "stored answer is empty");
  auto body = whole_answer(ctx, *hit);
  if (!body) return body.error();
  auto events = stream_from_whole(ctx.client->format(), *body, ctx.chat.include_usage);
  if (!events) return events.error();
  auto frames = std::make_shared<Frames>();
  for (std::string& e : *events) frames->push_back(CachedFrame{0, std::move(e)});
  return std::shared_ptr<const Frames>(std::move(frames));
}

}  // namespace

Result<Shaped> shape_hit(const RequestContext& ctx, const std::shared_ptr<const CachedAnswer>& hit) {
  Shaped out;
  if (ctx.chat.stream) {
    auto frames = stream_answer(ctx, hit);
    if (!frames) return frames.error();
    out.frames = std::move(frames).value();
  } else {
    auto body = whole_answer(ctx, *hit);
    if (!body) return body.error();
    out.body = std::move(body).value();
  }
  return out;
}

// The reply for a hit.
Reply serve_hit(const Services& s, const std::shared_ptr<RequestContext>& shared,
                const std::shared_ptr<const CachedAnswer>& hit, Shaped shaped, const CacheDirective& directive) {
  RequestContext& ctx = *shared;
  Reply r;
  r.body = std::move(shaped.body);
  ctx.cache_result = "hit";
  if (ctx.cache_layer.empty()) ctx.cache_layer = "exact";
  ctx.cache_key.clear();
  ctx.status = 200;
  r.status = 200;
  add_gateway_headers(s, ctx, r.headers);
  r.headers.add("Age", std::to_string(std::max<int64_t>(0, (s.clock->now_unix_ms() - hit->stored_ms) / 1000)));
  if (!ctx.chat.stream) {
    if (s.telemetry) s.telemetry->sent_to_client(ctx, r.body);
    settle(s, ctx);
    return r;
  }
  // The events in order: as fast as the caller takes them, or each at its
  // recorded time from the first (the clock's sleep yields the fiber).
  r.content_type = "text/event-stream";
  r.headers.add("Cache-Control", "no-cache");
  struct Replay {
    std::shared_ptr<const Frames> frames;
    size_t next = 0;
    int64_t start_ns = 0;
    bool paced = false;
  };
  auto replay = std::make_shared<Replay>(Replay{std::move(shaped.frames), 0, s.clock->steady_ns(), directive.paced});
  const Services* services = &s;
  std::shared_ptr<RequestContext> c = shared;  // lives as long as the stream
  r.next_chunk = [replay, services, c](std::string& out) {
    const CachedFrame& frame = (*replay->frames)[replay->next++];
    if (replay->paced) {
      const int64_t due_ms = frame.at_ms - (services->clock->steady_ns() - replay->start_ns) / 1'000'000;
      if (due_ms > 0) services->clock->sleep_ms(due_ms);
    }
    out = frame.bytes;
    if (services->telemetry) services->telemetry->sent_to_client(*c, out);
    return replay->next < replay->frames->size() ? StreamStep::kChunk : StreamStep::kEnd;
  };
  r.on_stream_end = [services, c](bool completed) {
    if (!completed) c->status = 499;
    settle(*services, *c);
  };
  return r;
}

}  // namespace gw
