// anthropic_stream_encoder.cc - canonical chat.completion.chunk objects ->
// Anthropic Messages server-sent events, framed "event: NAME\ndata: JSON\n\n":
//
//   message_start (content [], input usage if the first chunk has it, else
//                  gw's estimate of the prompt's tokens)
//   ping
//   per content block: content_block_start, content_block_delta..., stop
//   message_delta (stop_reason, stop_sequence, cumulative usage)
//   message_stop
//
// Blocks open lazily as deltas of a new kind arrive: reasoning_content opens
// a thinking block, content a text block, each tool_calls index a tool_use
// block (id and name in content_block_start, input {}); opening one closes the
// one before. A thinking block's signature is buffered and sent as one
// signature_delta just before its content_block_stop, as Anthropic does (the
// SDKs assign, not append, signature deltas); reasoning after a signature
// starts a new thinking block. One encoder per stream; single-threaded.
#include <map>
#include <optional>
#include <utility>

#include "core/dialects/anthropic_messages_dialect.h"
#include "core/dialects/openai_usage.h"

namespace gw {
namespace {

using ordered_json = nlohmann::ordered_json;

std::string string_or_empty(const json& obj, const char* key) {
  return obj.is_object() && obj.contains(key) && obj[key].is_string() ? obj[key].get<std::string>() : std::string();
}

void emit(std::string& out, std::string_view event, const ordered_json& data) {
  out += "event: ";
  out += event;
  out += "\ndata: ";
  out += data.dump(-1, ' ', false, json::error_handler_t::replace);
  out += "\n\n";
}

class AnthropicChunkEncoder final : public ChunkEncoder {
 public:
  explicit AnthropicChunkEncoder(RenderContext ctx) : ctx_(std::move(ctx)) {}

  void encode(const json& chunk, std::string& out) override {
    if (done_ || !chunk.is_object()) return;
    if (chunk.contains("usage"))
      if (auto usage = parse_openai_usage(chunk["usage"])) usage_ = *usage;
    start(usage_.value_or(estimate()), out);
    if (!chunk.contains("choices") || !chunk["choices"].is_array() || chunk["choices"].empty()) return;
    const json& choice = chunk["choices"][0];  // n > 1 has no Anthropic equivalent
    if (!choice.is_object()) return;
    if (choice.contains("delta") && choice["delta"].is_object()) delta(choice["delta"], out);
    std::string finish_reason = string_or_empty(choice, "finish_reason");
    if (!finish_reason.empty()) {
      finish_reason_ = finish_reason;
      stop_sequence_ = canonical_stop_sequence(choice);
    }
  }

  void finish(const Usage& usage, std::string& out) override {
    if (done_) return;
    // `usage` is final; a chunk's usage stands in only if it came back empty.
    Usage final_usage = usage;
    if (usage.prompt_tokens == 0 && usage.completion_tokens == 0 && usage_) final_usage = *usage_;
    start(final_usage, out);
    close_block(out);
    ordered_json delta = {
        {"stop_reason", anthropic_stop_reason(finish_reason_, !stop_sequence_.empty(), saw_tool_use_)},
        {"stop_sequence", stop_sequence_.empty() ? ordered_json(nullptr) : ordered_json(stop_sequence_)}};
    emit(out, "message_delta",
         {{"type", "message_delta"}, {"delta", std::move(delta)}, {"usage", anthropic_usage(final_usage)}});
    emit(out, "message_stop", {{"type", "message_stop"}});
    done_ = true;
  }

  void fail(const Error& error, std::string& out) override {
    if (done_) return;
    out += "event: error\ndata: ";
    out += anthropic_error_body(error);
    out += "\n\n";
    done_ = true;
  }

 private:
  enum class Block { kNone, kThinking, kText, kToolUse };

  // Before the provider's usage: the prompt as gw estimated it, so
  // message_start's input_tokens is never a bare 0 (message_delta then
  // carries the provider's counts).
  Usage estimate() const {
    Usage u;
    u.prompt_tokens = ctx_.prompt_tokens_estimate;
    return u;
  }

  void start(const Usage& usage, std::string& out) {
    if (started_) return;
    started_ = true;
    ordered_json u = anthropic_usage(usage);
    u["output_tokens"] = 1;  // as Anthropic's message_start; message_delta has the real count
    ordered_json message = {{"id", anthropic_message_id(ctx_)},
                            {"type", "message"},
                            {"role", "assistant"},
                            {"model", ctx_.model},
                            {"content", ordered_json::array()},
                            {"stop_reason", nullptr},
                            {"stop_sequence", nullptr},
                            {"usage", std::move(u)}};
    emit(out, "message_start", {{"type", "message_start"}, {"message", std::move(message)}});
    emit(out, "ping", {{"type", "ping"}});
  }

  void delta(const json& d, std::string& out) {
    std::string reasoning = string_or_empty(d, "reasoning_content");
    if (!reasoning.empty()) {
      if (open_ != Block::kThinking || !signature_.empty())
        open(Block::kThinking, {{"type", "thinking"}, {"thinking", ""}}, out);
      emit_delta(index_, {{"type", "thinking_delta"}, {"thinking", reasoning}}, out);
    }
    std::string signature = string_or_empty(d, "thinking_signature");
    if (!signature.empty()) {
      if (open_ != Block::kThinking) open(Block::kThinking, {{"type", "thinking"}, {"thinking", ""}}, out);
      signature_ += signature;
    }
    std::string text = string_or_empty(d, "content");
    if (!text.empty()) {
      if (open_ != Block::kText) open(Block::kText, {{"type", "text"}, {"text", ""}}, out);
      emit_delta(index_, {{"type", "text_delta"}, {"text", text}}, out);
    }
    if (d.contains("tool_calls") && d["tool_calls"].is_array())
      for (size_t i = 0; i < d["tool_calls"].size(); ++i) tool_call(d["tool_calls"][i], i, out);
  }

  void tool_call(const json& call, size_t position, std::string& out) {
    if (!call.is_object()) return;
    int64_t tool = call.contains("index") && call["index"].is_number_integer() ? call["index"].get<int64_t>()
                                                                               : static_cast<int64_t>(position);
    const json fn = call.contains("function") && call["function"].is_object() ? call["function"] : json::object();
    auto known = tool_blocks_.find(tool);
    int block;
    if (known != tool_blocks_.end()) {
      // The open block, or (a provider interleaving calls) an earlier one,
      // which cannot be reopened: its deltas keep its index.
      block = known->second;
    } else {
      std::string id = string_or_empty(call, "id");
      if (id.empty()) id = "toolu_gw_" + std::to_string(tool);
      open(Block::kToolUse,
           {{"type", "tool_use"}, {"id", id}, {"name", string_or_empty(fn, "name")}, {"input", ordered_json::object()}},
           out);
      tool_blocks_[tool] = block = index_;
      saw_tool_use_ = true;
    }
    std::string arguments = string_or_empty(fn, "arguments");
    if (!arguments.empty()) emit_delta(block, {{"type", "input_json_delta"}, {"partial_json", arguments}}, out);
  }

  void open(Block kind, ordered_json content_block, std::string& out) {
    close_block(out);
    index_ = next_index_++;
    open_ = kind;
    emit(out, "content_block_start",
         {{"type", "content_block_start"}, {"index", index_}, {"content_block", std::move(content_block)}});
  }

  void close_block(std::string& out) {
    if (open_ == Block::kNone) return;
    if (open_ == Block::kThinking && !signature_.empty()) {
      emit_delta(index_, {{"type", "signature_delta"}, {"signature", signature_}}, out);
      signature_.clear();
    }
    emit(out, "content_block_stop", {{"type", "content_block_stop"}, {"index", index_}});
    open_ = Block::kNone;
  }

  void emit_delta(int index, ordered_json delta, std::string& out) {
    emit(out, "content_block_delta", {{"type", "content_block_delta"}, {"index", index}, {"delta", std::move(delta)}});
  }

  RenderContext ctx_;
  bool started_ = false;
  bool done_ = false;  // finish() or fail() ran; later calls write nothing
  Block open_ = Block::kNone;
  int index_ = -1;  // Anthropic index of the open (or last) block
  int next_index_ = 0;
  std::string signature_;               // pending signature of the open thinking block
  std::map<int64_t, int> tool_blocks_;  // canonical tool_calls index -> block index
  bool saw_tool_use_ = false;
  std::string finish_reason_;
  std::string stop_sequence_;
  std::optional<Usage> usage_;  // last usage seen in a chunk
};

}  // namespace

std::unique_ptr<ChunkEncoder> anthropic_stream_encoder(const RenderContext& ctx) {
  return std::make_unique<AnthropicChunkEncoder>(ctx);
}

}  // namespace gw
