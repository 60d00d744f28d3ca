// mock_turn.h - the mock provider's deterministic behaviour, shared by its
// three dialects (OpenAI chat, Anthropic messages, Gemini generateContent).
// Each dialect reads its request into a MockConversation, asks plan_turn()
// what to answer, and writes the MockTurn back in its own format, so all
// three answer the same question the same way:
//
//   - the answer is the text of the last user message (echo);
//   - if tools are offered (and not disabled) and the last message is the
//     user's, the mock calls a tool instead: the forced one, else the first,
//     with arguments {"input": "<last user text>"}; if that text contains
//     "parallel" and two or more tools exist, it calls the first two;
//   - if the last message is a tool result, the answer is
//     "tool said: <result text>";
//   - if thinking/reasoning is requested, a thinking block
//     "Thinking about: <last user text>" with signature "mock-sig-<seq>"
//     comes first.
// Usage is ~4 characters a token. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/mock/mock_upstream.h"

namespace gw::mock {

using nlohmann::json;

struct MockMessage {
  std::string role;  // "system", "user", "assistant", "tool"
  std::string text;
};

struct MockConversation {
  std::vector<MockMessage> messages;
  std::vector<std::string> tools;  // tool names offered, in order
  std::string forced_tool;         // tool_choice naming one tool
  bool tools_disabled = false;     // tool_choice none
  bool thinking = false;
};

struct MockToolCall {
  std::string id;  // "call_mock_<seq>_<i>"
  std::string name;
  std::string arguments;  // JSON text
};

struct MockTurn {
  std::string thinking;  // empty: none
  std::string signature;
  std::string text;  // empty when only tool calls
  std::vector<MockToolCall> tool_calls;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  int64_t reasoning_tokens = 0;
};

MockTurn plan_turn(const MockConversation& conversation, int64_t seq);

// Helpers the dialect files share.
constexpr int64_t kCreated = 1700000000;  // fixed "created" time, for determinism
std::string string_field(const json& j, const char* key, std::string fallback = "");
bool bool_field(const json& j, const char* key);
// Splits into word-sized pieces that concatenate back to `text` exactly.
std::vector<std::string> split_words(const std::string& text);
// Applies truncate_after / chunk delay / latency from the behaviour.
void apply_stream_behavior(const MockBehavior& b, MockReply& reply);

// The dialects: each answers one request body (status 200 behaviour; the
// caller handles scripted failures via error replies below).
MockReply openai_chat(const MockBehavior& b, std::string_view body, int64_t seq);
// `cache` remembers prompt prefixes marked with cache_control, so a repeat
// reports a cache read where the first request reported a cache write.
MockReply anthropic_messages(const MockBehavior& b, std::string_view body, int64_t seq, MockPromptCache& cache);
// Anthropic's token counter (POST /v1/messages/count_tokens): the prompt
// tokens the same request would report, ~4 characters a token of its text.
MockReply anthropic_count_tokens(std::string_view body);
// OpenAI Responses (POST /v1/responses), defined in mock_responses.cc.
MockReply responses(const MockBehavior& b, std::string_view body, int64_t seq);
// `model` from the URL path; `stream` for :streamGenerateContent.
MockReply gemini_generate(const MockBehavior& b, std::string_view model, bool stream, std::string_view body,
                          int64_t seq);

// OpenAI-format media endpoints: /v1/embeddings (deterministic vectors),
// /v1/images/generations (a tiny PNG), /v1/audio/transcriptions (multipart
// upload; the text names the file and its size). Defined in mock_media.cc.
MockReply embeddings(const MockBehavior& b, std::string_view body, int64_t seq);
MockReply images(const MockBehavior& b, std::string_view body, int64_t seq);
MockReply transcription(const MockBehavior& b, const Headers& headers, std::string_view body, int64_t seq);

}  // namespace gw::mock
