// Step 6: relay the provider's answer to the client. A whole body passes
// through byte for byte (parsed once, only to read usage). A stream passes
// through event by event as it arrives; only the events gw must read (usage)
// are parsed, and the usage event gw asked for on the client's behalf is
// dropped if the client did not ask for it.
#include "core/openai_usage.h"
#include "core/sse.h"
#include "proxy/pipeline/steps.h"

namespace gw {
namespace {

Reply relay_whole(const Services& s, const std::shared_ptr<RequestContext>& ctx) {
  auto body = read_all(*ctx->upstream);
  if (!body) {
    ctx->status = body.error().http_status();
    settle(s, *ctx);
    return error_reply(*ctx, body.error());
  }
  auto json = nlohmann::json::parse(*body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    Error e = make_error(ErrorKind::kUpstreamError, "provider " + ctx->served_by->provider->slug +
                                                        " returned a body that is not JSON");
    ctx->status = e.http_status();
    settle(s, *ctx);
    return error_reply(*ctx, e);
  }
  ctx->usage = usage_from_completion(json, ctx->chat.prompt_tokens_estimate);
  Reply r;
  r.status = 200;
  r.body = std::move(body).value();
  ctx->status = 200;
  add_gateway_headers(s, *ctx, r.headers);
  settle(s, *ctx);
  return r;
}

// State of one stream being passed through; owned by the reply's closures.
struct StreamRelay {
  const Services* services;
  std::shared_ptr<RequestContext> ctx;
  SseSplitter splitter;
  std::vector<std::string> events;
  bool have_usage = false;
  size_t content_chars = 0;
  bool upstream_done = false;
  bool finished = false;

  // Keeps or drops one event; reads usage where present.
  bool keep(const std::string& event) {
    std::string data = sse_data(event);
    if (data == "[DONE]") return true;
    content_chars += scan_content_chars(data);
    if (data.find("\"usage\"") == std::string::npos) return true;
    auto j = nlohmann::json::parse(data, nullptr, false);
    if (!j.is_object() || !j.contains("usage")) return true;
    if (auto u = parse_openai_usage(j["usage"])) {
      ctx->usage = *u;
      have_usage = true;
    }
    bool usage_only = j.contains("choices") && j["choices"].is_array() && j["choices"].empty();
    return !(usage_only && !ctx->chat.include_usage);
  }

  StreamStep next(std::string& out) {
    out.clear();
    if (upstream_done) return StreamStep::kEnd;
    std::string chunk;
    bool more = true;
    if (!ctx->first_chunk.empty()) {
      chunk = std::move(ctx->first_chunk);
      ctx->first_chunk.clear();
    } else {
      more = ctx->upstream->next(chunk);
    }
    if (more) {
      events.clear();
      splitter.feed(chunk, events);
      for (const auto& e : events)
        if (keep(e)) out += e;
      return StreamStep::kChunk;
    }
    upstream_done = true;
    if (!ctx->upstream->error().ok() || !splitter.pending().empty()) {
      // The provider cut the stream after it had started: tell the client in
      // its dialect, then drop the connection so it cannot mistake this for
      // a complete answer.
      Error e = ctx->upstream->error().ok() ? make_error(ErrorKind::kUpstreamError, "stream from provider ended mid-event")
                                            : ctx->upstream->error().error();
      out = "data: " + openai_error_body(e) + "\n\n";
      ctx->status = 502;
      return StreamStep::kChunk;  // the error event; kAbort follows via status
    }
    return StreamStep::kEnd;
  }

  void finish(bool completed) {
    if (finished) return;
    finished = true;
    if (!completed && ctx->status == 200) ctx->status = 499;  // client went away
    if (!have_usage) {
      ctx->usage.estimated = true;
      ctx->usage.prompt_tokens = ctx->chat.prompt_tokens_estimate;
      ctx->usage.completion_tokens = static_cast<int64_t>((content_chars + 3) / 4);
    }
    settle(*services, *ctx);
  }
};

Reply relay_stream(const Services& s, const std::shared_ptr<RequestContext>& ctx) {
  auto relay = std::make_shared<StreamRelay>();
  relay->services = &s;
  relay->ctx = ctx;
  ctx->status = 200;
  Reply r;
  r.status = 200;
  r.content_type = "text/event-stream";
  r.headers.add("Cache-Control", "no-cache");
  add_gateway_headers(s, *ctx, r.headers);
  r.next_chunk = [relay, aborting = false](std::string& out) mutable {
    if (aborting) return StreamStep::kAbort;
    StreamStep step = relay->next(out);
    if (relay->ctx->status == 502) aborting = true;  // send the error event, then cut
    return step;
  };
  r.on_stream_end = [relay](bool completed) { relay->finish(completed); };
  return r;
}

}  // namespace

Reply relay(const Services& s, std::shared_ptr<RequestContext> ctx) {
  return ctx->chat.stream ? relay_stream(s, ctx) : relay_whole(s, ctx);
}

}  // namespace gw
