// The OpenAI chat-completions client dialect. When the provider also speaks
// OpenAI, the pipeline passes bytes through and this is not used; it renders
// canonical answers translated from other providers, stripping gw's internal
// fields so clients see plain OpenAI objects.
#include "core/dialects/dialect.h"
#include "core/dialects/openai_usage.h"

namespace gw {
namespace {

json usage_json(const Usage& u) {
  return {{"prompt_tokens", u.prompt_tokens},
          {"completion_tokens", u.completion_tokens},
          {"total_tokens", u.prompt_tokens + u.completion_tokens},
          {"prompt_tokens_details", {{"cached_tokens", u.cached_tokens}}},
          {"completion_tokens_details", {{"reasoning_tokens", u.reasoning_tokens}}}};
}

// Removes gw's internal fields from a message or delta.
void strip_internal(json& obj) {
  if (!obj.is_object()) return;
  obj.erase("thinking_blocks");
  obj.erase("thinking_signature");
}

class OpenAIChunkEncoder final : public ChunkEncoder {
 public:
  explicit OpenAIChunkEncoder(RenderContext ctx) : ctx_(std::move(ctx)) {}

  void encode(const json& canonical, std::string& out) override {
    json chunk = canonical;
    bool usage_only = chunk.contains("choices") && chunk["choices"].is_array() && chunk["choices"].empty();
    if (chunk.contains("usage") && !chunk["usage"].is_null()) {
      if (!ctx_.include_usage) {
        if (usage_only) return;
        chunk.erase("usage");
      } else {
        if (auto u = parse_openai_usage(chunk["usage"])) chunk["usage"] = usage_json(*u);
        sent_usage_ = true;
      }
    }
    fill_envelope(chunk);
    if (chunk.contains("choices") && chunk["choices"].is_array())
      for (auto& c : chunk["choices"])
        if (c.is_object() && c.contains("delta")) strip_internal(c["delta"]);
    out += "data: " + chunk.dump() + "\n\n";
  }

  void finish(const Usage& usage, std::string& out) override {
    if (ctx_.include_usage && !sent_usage_) {
      json chunk = {{"choices", json::array()}, {"usage", usage_json(usage)}};
      fill_envelope(chunk);
      out += "data: " + chunk.dump() + "\n\n";
    }
    out += "data: [DONE]\n\n";
  }

  void fail(const Error& error, std::string& out) override { out += "data: " + openai_error_body(error) + "\n\n"; }

 private:
  void fill_envelope(json& chunk) const {
    chunk["id"] = "chatcmpl-" + ctx_.request_id;
    chunk["object"] = "chat.completion.chunk";
    chunk["created"] = ctx_.created_s;
    chunk["model"] = ctx_.model;
  }

  RenderContext ctx_;
  bool sent_usage_ = false;
};

class OpenAIChatDialect final : public ClientDialect {
 public:
  ClientFormat format() const override { return ClientFormat::kOpenAIChat; }

  Result<ChatRequest> parse_request(std::string_view body) const override { return parse_chat_request(body); }

  std::string render_response(const json& canonical, const Usage& usage, const RenderContext& ctx) const override {
    json out = canonical;
    out["id"] = "chatcmpl-" + ctx.request_id;
    out["object"] = "chat.completion";
    out["created"] = ctx.created_s;
    out["model"] = ctx.model;
    if (out.contains("choices") && out["choices"].is_array())
      for (auto& c : out["choices"])
        if (c.is_object() && c.contains("message")) strip_internal(c["message"]);
    out["usage"] = usage_json(usage);
    return out.dump();
  }

  std::unique_ptr<ChunkEncoder> stream_encoder(const RenderContext& ctx) const override {
    return std::make_unique<OpenAIChunkEncoder>(ctx);
  }

  std::string render_error(const Error& error) const override { return openai_error_body(error); }
};

}  // namespace

const ClientDialect& openai_chat_dialect() {
  static const OpenAIChatDialect kDialect;
  return kDialect;
}

}  // namespace gw
