// chat_answer.h - reading an OpenAI chat completion as gw chat shows it: the
// answer text, the model that wrote it, token usage and why it stopped,
// from a whole response body or from an SSE stream fed chunk by chunk
// (text deltas come out as soon as their event is complete). Also turns an
// error body from gw into an Error of the right kind. Pure;
// thread-compatible (one reader per stream).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/base/usage.h"
#include "core/http/sse.h"

namespace gw {

struct ChatAnswer {
  std::string text;
  std::string model;          // "model" of the response ("" when absent)
  std::string finish_reason;  // "stop", "length", ... ("" when absent)
  std::optional<Usage> usage;
};

// A whole chat.completion body. kUpstreamError when it is not one.
Result<ChatAnswer> parse_chat_completion(std::string_view body);

// The error gw answered with: its message (OpenAI or Anthropic shape) and the
// error table's kind for `status`.
Error error_from_reply(int status, std::string_view body);

class ChatStreamReader {
 public:
  // Feeds body bytes; appends the text deltas of every complete event to
  // `text` (in order). Returns the error if an event carried one; stop
  // reading then.
  Status feed(std::string_view bytes, std::string& text);

  // What the stream said so far (text is not kept here: the caller has it).
  const ChatAnswer& answer() const { return answer_; }
  // True once "data: [DONE]" arrived.
  bool done() const { return done_; }

 private:
  SseSplitter splitter_;
  std::vector<std::string> events_;
  ChatAnswer answer_;
  bool done_ = false;
};

}  // namespace gw
