// fuzz_support.h - what the libFuzzer targets of tests/fuzz share: the input
// as text, a check that aborts (so libFuzzer records the input as a crash),
// endpoints for the provider adapters, and the translators every parsed
// request or answer is pushed through. Each target is one file,
// <name>_fuzz.cc, defining LLVMFuzzerTestOneInput; tests/fuzz/run.sh runs
// them. Single-threaded, as libFuzzer calls targets.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/dialects/chat_request.h"
#include "core/dialects/dialect.h"
#include "core/http/sse.h"
#include "core/providers/provider_registry.h"
#include "core/providers/provider_table.h"

// Aborts with the failed condition when `cond` is false: a property the
// target checks (a differential disagreement) is a crash like any other.
#define GW_FUZZ_CHECK(cond)                                                               \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

namespace gw::fuzz {

inline std::string_view text(const uint8_t* data, size_t size) { return {reinterpret_cast<const char*>(data), size}; }

// True when `in` is one JSON text by RFC 8259, as nlohmann's parser judges
// it, with one correction: nlohmann's lexer takes a NUL byte for the end of
// input (for C strings) and ignores whatever follows it, but a NUL can
// appear nowhere in JSON text (not even raw inside a string).
inline bool nlohmann_accepts(std::string_view in) {
  return in.find('\0') == std::string_view::npos && nlohmann::json::accept(in.begin(), in.end());
}

// The input cut in two at its first byte's value (mod size): lets one input
// drive two arguments, or split a byte stream where a socket read could.
inline std::pair<std::string_view, std::string_view> split(std::string_view in) {
  if (in.empty()) return {in, in};
  size_t at = static_cast<unsigned char>(in[0]) % in.size();
  in.remove_prefix(1);
  if (at > in.size()) at = in.size();
  return {in.substr(0, at), in.substr(at)};
}

// An enabled endpoint of the provider `slug` from the compiled-in table.
inline ProviderEndpoint endpoint(const char* slug) {
  ProviderEndpoint ep;
  ep.info = find_provider(slug);
  ep.base_url = "http://127.0.0.1:9/v1";
  ep.api_key = "sk-fuzz";
  ep.enabled = true;
  return ep;
}

// A parsed request, translated for every provider adapter (the results are
// dropped: the point is that translation never crashes).
inline void translate_for_every_provider(const ChatRequest& request) {
  static const ProviderEndpoint openai = endpoint("openai");
  static const ProviderEndpoint anthropic = endpoint("anthropic");
  static const ProviderEndpoint google = endpoint("google");
  (void)openai_adapter().build_request(request, "native-model", openai);
  (void)anthropic_adapter().build_request(request, "native-model", anthropic);
  (void)gemini_adapter().build_request(request, "native-model", google);
}

inline RenderContext render_context() {
  RenderContext ctx;
  ctx.request_id = "req_fuzz";
  ctx.model = "fuzz-model";
  ctx.include_usage = true;
  ctx.created_s = 1700000000;
  return ctx;
}

inline const ClientDialect* const kClientDialects[] = {&openai_chat_dialect(), &anthropic_messages_dialect(),
                                                       &openai_responses_dialect()};

// A canonical answer, rendered in every client dialect.
inline void render_in_every_dialect(const nlohmann::json& canonical) {
  const RenderContext ctx = render_context();
  Usage usage;
  usage.prompt_tokens = 3;
  usage.completion_tokens = 5;
  for (const ClientDialect* d : kClientDialects) (void)d->render_response(canonical, usage, ctx);
}

// Canonical stream chunks, encoded in every client dialect and finished.
inline void encode_in_every_dialect(const std::vector<nlohmann::json>& chunks) {
  const RenderContext ctx = render_context();
  for (const ClientDialect* d : kClientDialects) {
    auto encoder = d->stream_encoder(ctx);
    std::string out;
    for (const auto& chunk : chunks) encoder->encode(chunk, out);
    encoder->finish(Usage{}, out);
  }
}

// A provider's SSE stream as gw relays it across dialects: cut into events
// (SseSplitter), decoded by `adapter`'s stream decoder until it fails, and
// the canonical chunks encoded in every client dialect. The body of each
// <provider>_stream fuzz target.
inline void relay_stream(const ProviderAdapter& adapter, std::string_view wire) {
  SseSplitter splitter;
  std::vector<std::string> events;
  splitter.feed(wire, events);
  splitter.finish(events);
  auto decoder = adapter.stream_decoder();
  std::vector<nlohmann::json> chunks;
  for (const auto& event : events) {
    if (!decoder->decode(event, chunks)) break;  // the stream fails here
  }
  (void)decoder->finished();
  encode_in_every_dialect(chunks);
}

}  // namespace gw::fuzz
