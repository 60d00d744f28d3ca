// relay_stream.cc - step 6 for a streamed answer: the provider's events
// pass on (or are translated) as they arrive, usage is read where it is,
// and the request is settled when the stream ends (relay.cc says how each
// road treats an answer).
#include "core/dialects/native_road.h"
#include "core/dialects/openai_chat_shape.h"
#include "core/dialects/openai_usage.h"
#include "core/http/sse.h"
#include "core/json/json_parse.h"
#include "core/json/json_view.h"
#include "proxy/pipeline/relay_parts.h"
#include "proxy/pipeline/steps.h"
#include "proxy/telemetry/telemetry.h"

namespace gw {
namespace {

// Characters of generated text in a canonical chunk (for the usage estimate
// when the provider reports none).
size_t str_len(const json& obj, const char* key) {
  return obj.is_object() && obj.contains(key) && obj[key].is_string() ? obj[key].get_ref<const std::string&>().size()
                                                                      : 0;
}

size_t delta_chars(const json& chunk) {
  size_t n = 0;
  if (!chunk.contains("choices") || !chunk["choices"].is_array()) return 0;
  for (const auto& c : chunk["choices"]) {
    if (!c.is_object() || !c.contains("delta") || !c["delta"].is_object()) continue;
    const json& d = c["delta"];
    n += str_len(d, "content") + str_len(d, "reasoning_content");
    if (d.contains("tool_calls") && d["tool_calls"].is_array())
      for (const auto& t : d["tool_calls"])
        if (t.is_object() && t.contains("function"))
          n += str_len(t["function"], "arguments") + str_len(t["function"], "name");
  }
  return n;
}

// State of one stream being relayed; owned by the reply's closures.
struct StreamRelay {
  const Services* services;
  std::shared_ptr<RequestContext> ctx;
  SseSplitter splitter;
  std::vector<std::string> events;
  std::unique_ptr<ChunkDecoder> decoder;  // translation only
  std::unique_ptr<ChunkEncoder> encoder;  // translation only
  std::unique_ptr<NativeStream> native;   // the native road only
  std::vector<json> chunks;
  bool have_usage = false;
  size_t content_chars = 0;
  bool upstream_done = false;
  bool aborting = false;
  bool finished = false;
  // What the caller got, event group by group, while the answer may be
  // cached (ctx->cache_key set) and stays under kMaxRecordedBytes.
  std::vector<CachedFrame> recorded;
  size_t recorded_bytes = 0;
  int64_t first_sent_ms = -1;
  static constexpr size_t kMaxRecordedBytes = 8u << 20;

  void record(const std::string& out) {
    if (ctx->cache_key.empty() || out.empty()) return;
    const int64_t now = services->clock->now_unix_ms();
    if (first_sent_ms < 0) first_sent_ms = now;
    recorded_bytes += out.size();
    if (recorded_bytes > kMaxRecordedBytes) {
      ctx->cache_key.clear();  // too large to keep: not cached
      recorded.clear();
      return;
    }
    recorded.push_back(CachedFrame{now - first_sent_ms, out});
  }

  void take_usage(const json& holder) {
    if (!holder.is_object() || !holder.contains("usage")) return;
    if (auto u = parse_openai_usage(holder["usage"])) {
      ctx->usage = *u;
      have_usage = true;
    }
  }

  // Passthrough: keeps or drops one event; reads usage where present.
  bool keep(std::string& event) {
    std::string data = sse_data(event);
    if (data == "[DONE]") {
      // The caller asked for usage and the provider sent none: gw's estimate,
      // as the chunk the provider would have sent.
      if (ctx->chat.include_usage && !have_usage && !ctx->media)
        event.insert(0, "data: {\"object\":\"chat.completion.chunk\",\"model\":\"" + ctx->resolved.model->id +
                            "\",\"choices\":[],\"usage\":" + usage_text(final_usage()) + "}\n\n");
      return true;
    }
    if (auto span = native::sse_data_span(event); span && json_type(data) == JsonType::kObject)
      normalize_chat_answer_object(event, span->offset, span->size, ctx->native_model, ctx->resolved.model->id);
    content_chars += scan_content_chars(data);
    if (data.find("\"usage\"") == std::string::npos) return true;
    auto j = parse_json(data);
    take_usage(j);
    bool usage_only = j.is_object() && j.contains("choices") && j["choices"].is_array() && j["choices"].empty();
    return !(usage_only && !ctx->chat.include_usage);
  }

  // Translation: decodes one event and encodes what it yields.
  Status translate(const std::string& event, std::string& out) {
    chunks.clear();
    if (auto st = decoder->decode(event, chunks); !st) return st;
    for (const json& c : chunks) {
      take_usage(c);
      content_chars += delta_chars(c);
      encoder->encode(c, out);
    }
    return ok_status();
  }

  Usage final_usage() {
    if (native) {
      if (auto u = native->usage()) {
        ctx->usage = *u;
        have_usage = true;
      }
      content_chars = native->content_bytes();
    }
    if (!have_usage) {
      ctx->usage.estimated = true;
      ctx->usage.prompt_tokens = ctx->chat.prompt_tokens_estimate;
      ctx->usage.completion_tokens = static_cast<int64_t>((content_chars + 3) / 4);
    }
    return ctx->usage;
  }

  // Ends the stream with an error event in the client's format, then cuts
  // the connection so the client cannot mistake it for a complete answer.
  StreamStep fail(const Error& e, std::string& out) {
    if (encoder) {
      encoder->fail(e, out);
    } else if (native) {  // the caller's dialect, as a translated stream would say it
      ctx->client->stream_encoder(RenderContext{ctx->request_id, ctx->resolved.model->id})->fail(e, out);
    } else {
      out += "data: " + openai_error_body(e) + "\n\n";
    }
    ctx->status = 502;
    if (services->telemetry) services->telemetry->note_error(*ctx, e);
    aborting = true;
    return StreamStep::kChunk;
  }

  // Passes on (or translates) the events just split off; an error when the
  // provider's stream is broken (an event past kMaxSseEventBytes included).
  Status pass_on(std::string& out) {
    if (splitter.too_large())
      return make_error(ErrorKind::kUpstreamError,
                        "provider sent a stream event larger than " + std::to_string(kMaxSseEventBytes) + " bytes");
    for (auto& e : events) {
      if (native) {
        native->event(e);
        out += e;
      } else if (!decoder) {
        if (keep(e)) out += e;
      } else if (auto st = translate(e, out); !st) {
        return st;
      }
    }
    return ok_status();
  }

  StreamStep next(std::string& out) {
    out.clear();
    if (aborting) return StreamStep::kAbort;
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
      if (auto st = pass_on(out); !st) return fail(st.error(), out);
      // The provider's end came with these bytes: ours goes out with them.
      if (!ctx->upstream->ended()) return StreamStep::kChunk;
    }
    upstream_done = true;
    ctx->answer_ended_ns = services->clock->steady_ns();
    if (!ctx->upstream->error().ok()) return fail(ctx->upstream->error().error(), out);
    events.clear();
    splitter.finish(events);  // a last event ended by a lone CR
    if (auto st = pass_on(out); !st) return fail(st.error(), out);
    if (!splitter.pending().empty() || (decoder && !decoder->finished()) || (native && !native->finished()))
      return fail(make_error(ErrorKind::kUpstreamError, "stream from provider ended before it was complete"), out);
    if (encoder) encoder->finish(final_usage(), out);
    return StreamStep::kEnd;
  }

  void finish(bool completed) {
    if (finished) return;
    finished = true;
    if (!completed && ctx->status == 200) ctx->status = 499;  // client went away
    final_usage();
    settle(*services, *ctx);
  }
};

}  // namespace

Reply relay_stream(const Services& s, const std::shared_ptr<RequestContext>& ctx) {
  auto relay = std::make_shared<StreamRelay>();
  relay->services = &s;
  relay->ctx = ctx;
  if (ctx->native) {
    relay->native = ctx->native->stream(ctx->native_model, ctx->resolved.model->id);
  } else if (!ctx->passthrough) {
    relay->decoder = ctx->adapter->stream_decoder();
    relay->encoder = ctx->client->stream_encoder(render_context(s, *ctx));
  }
  ctx->status = 200;
  Reply r;
  r.status = 200;
  r.content_type = "text/event-stream";
  r.headers.add("Cache-Control", "no-cache");
  add_gateway_headers(s, *ctx, r.headers);
  r.next_chunk = [relay](std::string& out) {
    StreamStep step = relay->next(out);
    if (relay->services->telemetry && !out.empty()) relay->services->telemetry->sent_to_client(*relay->ctx, out);
    if (step != StreamStep::kAbort) relay->record(out);
    // The provider's stream ended cleanly: the answer is complete. Stored
    // now, before its last bytes go out, so a caller who asks again as soon
    // as it has them finds it.
    if (step == StreamStep::kEnd && relay->ctx->status == 200) {
      note_answer_latency(*relay->services, *relay->ctx);
      store_in_cache(*relay->services, *relay->ctx, {}, std::move(relay->recorded));
    }
    return step;
  };
  r.on_stream_end = [relay](bool completed) { relay->finish(completed); };
  return r;
}

}  // namespace gw
