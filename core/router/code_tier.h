// code_tier.h - the code router's classifier: a request's signals
// (request_signals.h) -> a complexity tier, by fixed rules with named
// thresholds, checked from the top tier down; the first rule that fires
// decides, and its reason is kept for the explanation. The table (also in
// docs/routers.md):
//
//   tier      fires when (any of)
//   agentic   an agent-harness marker; >= kAgenticToolCalls tool calls/results
//             in the conversation; tools offered and >= 1 tool call with
//             >= kAgenticTurns messages
//   complex   >= kComplexTokens prompt tokens; a stack trace with code or
//             >= kComplexTraceTokens tokens; >= kComplexDiffLines diff lines;
//             >= kComplexFiles source files named; >= kComplexHardWords
//             design-level words; tools offered
//   moderate  a code block; a stack trace; a diff; a source file named; a
//             design-level word; >= kModerateTokens prompt tokens
//   simple    none of the above
//
// A small-task word ("typo", "rename", …) with no code block, trace or diff
// keeps a prompt under kModerateTokens*4 tokens at simple even when it names
// a file. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/router/request_signals.h"

namespace gw {

enum class CodeTier { kSimple = 0, kModerate = 1, kComplex = 2, kAgentic = 3 };

inline constexpr int64_t kAgenticToolCalls = 3;
inline constexpr int64_t kAgenticTurns = 6;
inline constexpr int64_t kComplexTokens = 6000;
inline constexpr int64_t kComplexTraceTokens = 400;
inline constexpr int64_t kComplexDiffLines = 8;
inline constexpr int64_t kComplexFiles = 3;
inline constexpr int64_t kComplexHardWords = 2;
inline constexpr int64_t kModerateTokens = 300;

struct TierVerdict {
  CodeTier tier = CodeTier::kSimple;
  std::string reason;  // the rule that fired, with its number: "tool_calls=4>=3"
};

TierVerdict classify_code_tier(const RequestSignals& s);

std::string_view code_tier_name(CodeTier tier);  // "simple", "moderate", "complex", "agentic"
std::optional<CodeTier> parse_code_tier(std::string_view name);

}  // namespace gw
