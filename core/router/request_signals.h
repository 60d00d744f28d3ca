// request_signals.h - the named features the code router's classifier reads
// from a chat request (canonical OpenAI chat form: messages, tools): how big
// it is, what it contains (code blocks, diffs, stack traces, file paths,
// words that signal hard work), whether it defines tools or is inside a
// tool-call loop, and whether a coding agent's harness wrote it. Counting
// only: no model, no randomness; the same request always gives the same
// signals. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace gw {

struct RequestSignals {
  int64_t prompt_tokens = 0;  // ~4 characters a token over every message's text
  int64_t turns = 0;          // messages
  int64_t code_blocks = 0;    // ``` fenced blocks
  int64_t diff_lines = 0;     // "+++ ", "--- ", "@@ " and "diff --git" lines
  int64_t trace_lines = 0;    // stack-trace frames: "  File \"…\", line", "    at …", "Traceback", "panicked at"
  int64_t file_paths = 0;     // distinct words that look like source files ("src/app.py")
  int64_t hard_words = 0;     // words that signal design-level work ("refactor", "race condition", …)
  int64_t easy_words = 0;     // words that signal a small task ("typo", "one-liner", "rename", …)
  int64_t tools = 0;          // tool definitions offered
  int64_t tool_calls = 0;     // assistant tool calls and tool results already in the conversation
  std::string harness;        // the agent harness marker found ("claude code", "cline", …), "" = none
  // system text + the first user turn: the conversation's stable prefix (stickiness key)
  std::string stable_prefix;
};

// Signals of a canonical chat body ({"messages": [...], "tools": [...]}).
// Bounded: at most kMaxScannedBytes of text are scanned (the rest is only
// counted toward prompt_tokens).
RequestSignals read_signals(const nlohmann::json& body);
// Signals of one user prompt (gw route explain, eval files).
RequestSignals read_prompt_signals(std::string_view prompt);

inline constexpr size_t kMaxScannedBytes = 256 * 1024;

}  // namespace gw
