#include "core/dialects/openai_adapter.h"

#include "core/dialects/dropped_on_purpose.h"
#include "core/http/sse.h"
#include "core/json/json_parse.h"
#include "core/json/json_view.h"

namespace gw {
namespace {

class OpenAIDecoder final : public ChunkDecoder {
 public:
  Status decode(std::string_view block, std::vector<json>& chunks) override {
    std::string data = sse_data(block);
    if (data.empty()) return ok_status();
    if (data == "[DONE]") {
      finished_ = true;
      return ok_status();
    }
    json chunk = parse_json(data);
    if (!chunk.is_object())
      return make_error(ErrorKind::kUpstreamError, "provider sent a stream event that is not JSON");
    if (chunk.contains("error")) {
      const json& e = chunk["error"];
      std::string msg = e.is_object() && e.contains("message") && e["message"].is_string()
                            ? e["message"].get<std::string>()
                            : e.dump();
      return make_error(ErrorKind::kUpstreamError, "provider error mid-stream: " + msg);
    }
    chunks.push_back(std::move(chunk));
    return ok_status();
  }
  bool finished() const override { return finished_; }

 private:
  bool finished_ = false;
};

// OpenAI's reasoning models refuse the older max_tokens; every OpenAI chat
// model accepts max_completion_tokens.
bool wants_max_completion_tokens(const ProviderEndpoint& endpoint) {
  return endpoint.info && endpoint.info->slug == "openai";
}

// The provider's changes to a request held as text: its quirks' fields
// dropped, and max_tokens renamed where it must be. (A request held as text
// has no internal fields: parse_chat_request keeps those as a tree.)
std::vector<JsonEdit> provider_edits(const ChatRequest& request, const ProviderEndpoint& endpoint) {
  std::vector<JsonEdit> edits;
  if (request.text.empty()) return edits;
  for (const DroppedField& d : kDroppedOnPurpose)
    if (!d.provider.empty() && endpoint.info && endpoint.info->slug == d.provider) edits.push_back({d.field, ""});
  if (!wants_max_completion_tokens(endpoint)) return edits;
  std::string_view max_tokens = json_member(request.text, "max_tokens");
  if (!max_tokens.empty()) {
    if (json_member(request.text, "max_completion_tokens").empty())
      edits.push_back({"max_completion_tokens", max_tokens});
    edits.push_back({"max_tokens", ""});
  }
  return edits;
}

// The same changes on a request held as a tree, with gw's internal fields
// stripped.
std::string tree_body(const ChatRequest& request, std::string_view native_model, const ProviderEndpoint& endpoint) {
  json body = openai_upstream_body(request, native_model);
  if (body.contains("messages") && body["messages"].is_array())
    for (auto& m : body["messages"])
      if (m.is_object()) m.erase("thinking_blocks");
  for (const DroppedField& d : kDroppedOnPurpose)
    if (!d.provider.empty() && endpoint.info && endpoint.info->slug == d.provider) body.erase(std::string(d.field));
  if (wants_max_completion_tokens(endpoint) && body.contains("max_tokens")) {
    if (!body.contains("max_completion_tokens")) body["max_completion_tokens"] = body["max_tokens"];
    body.erase("max_tokens");
  }
  return body.dump();
}

class OpenAIAdapter final : public ProviderAdapter {
 public:
  WireFormat wire() const override { return WireFormat::kOpenAI; }

  Result<HttpRequest> build_request(const ChatRequest& request, std::string_view native_model,
                                    const ProviderEndpoint& endpoint) const override {
    HttpRequest r;
    r.url = provider_url(endpoint, "/chat/completions");
    auto spliced = openai_upstream_text(request, native_model, provider_edits(request, endpoint));
    r.body = spliced ? std::move(*spliced) : tree_body(request, native_model, endpoint);
    r.headers.add("Content-Type", "application/json");
    r.headers.add("Accept", request.stream ? "text/event-stream" : "application/json");
    add_auth_headers(endpoint, r.headers);
    return r;
  }

  Result<json> parse_response(std::string_view body) const override {
    json j = parse_json(body);
    if (!j.is_object() || !j.contains("choices"))
      return make_error(ErrorKind::kUpstreamError, "provider returned a body that is not a chat completion");
    return j;
  }

  std::unique_ptr<ChunkDecoder> stream_decoder() const override { return std::make_unique<OpenAIDecoder>(); }
};

}  // namespace

void add_auth_headers(const ProviderEndpoint& ep, Headers& h) {
  if (ep.api_key.empty() || !ep.info) return;
  switch (ep.info->auth) {
    case AuthStyle::kBearer:
      h.add("Authorization", "Bearer " + ep.api_key);
      break;
    case AuthStyle::kXApiKey:
      h.add("x-api-key", ep.api_key);
      break;
    case AuthStyle::kGoogApiKey:
      h.add("x-goog-api-key", ep.api_key);
      break;
    case AuthStyle::kNone:
      break;
  }
}

const ProviderAdapter& openai_adapter() {
  static const OpenAIAdapter kAdapter;
  return kAdapter;
}

}  // namespace gw
