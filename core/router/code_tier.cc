#include "core/router/code_tier.h"

namespace gw {
namespace {

std::string fired(std::string_view name, int64_t value, int64_t threshold) {
  return std::string(name) + "=" + std::to_string(value) + ">=" + std::to_string(threshold);
}

}  // namespace

TierVerdict classify_code_tier(const RequestSignals& s) {
  // agentic
  if (!s.harness.empty()) return {CodeTier::kAgentic, "harness=\"" + s.harness + "\""};
  if (s.tool_calls >= kAgenticToolCalls)
    return {CodeTier::kAgentic, fired("tool_calls", s.tool_calls, kAgenticToolCalls)};
  if (s.tools > 0 && s.tool_calls >= 1 && s.turns >= kAgenticTurns)
    return {CodeTier::kAgentic, "tool_loop turns=" + std::to_string(s.turns) + ">=" + std::to_string(kAgenticTurns)};
  // complex
  if (s.prompt_tokens >= kComplexTokens)
    return {CodeTier::kComplex, fired("prompt_tokens", s.prompt_tokens, kComplexTokens)};
  if (s.trace_lines > 0 && (s.code_blocks > 0 || s.prompt_tokens >= kComplexTraceTokens))
    return {CodeTier::kComplex,
            "stack_trace+" + (s.code_blocks > 0 ? std::string("code")
                                                : fired("prompt_tokens", s.prompt_tokens, kComplexTraceTokens))};
  if (s.diff_lines >= kComplexDiffLines)
    return {CodeTier::kComplex, fired("diff_lines", s.diff_lines, kComplexDiffLines)};
  if (s.file_paths >= kComplexFiles) return {CodeTier::kComplex, fired("files", s.file_paths, kComplexFiles)};
  if (s.hard_words >= kComplexHardWords)
    return {CodeTier::kComplex, fired("hard_words", s.hard_words, kComplexHardWords)};
  if (s.tools > 0) return {CodeTier::kComplex, fired("tools", s.tools, 1)};
  // moderate
  const bool small_task = s.easy_words > 0 && s.code_blocks == 0 && s.trace_lines == 0 && s.diff_lines == 0 &&
                          s.hard_words == 0 && s.prompt_tokens < kModerateTokens * 4;
  if (small_task) return {CodeTier::kSimple, "easy_words=" + std::to_string(s.easy_words)};
  if (s.code_blocks > 0) return {CodeTier::kModerate, fired("code_blocks", s.code_blocks, 1)};
  if (s.trace_lines > 0) return {CodeTier::kModerate, fired("trace_lines", s.trace_lines, 1)};
  if (s.diff_lines > 0) return {CodeTier::kModerate, fired("diff_lines", s.diff_lines, 1)};
  if (s.file_paths > 0) return {CodeTier::kModerate, fired("files", s.file_paths, 1)};
  if (s.hard_words > 0) return {CodeTier::kModerate, fired("hard_words", s.hard_words, 1)};
  if (s.prompt_tokens >= kModerateTokens)
    return {CodeTier::kModerate, fired("prompt_tokens", s.prompt_tokens, kModerateTokens)};
  return {CodeTier::kSimple, "no signal"};
}

std::string_view code_tier_name(CodeTier tier) {
  switch (tier) {
    case CodeTier::kSimple:
      return "simple";
    case CodeTier::kModerate:
      return "moderate";
    case CodeTier::kComplex:
      return "complex";
    case CodeTier::kAgentic:
      return "agentic";
  }
  return "?";
}

std::optional<CodeTier> parse_code_tier(std::string_view name) {
  for (CodeTier t : {CodeTier::kSimple, CodeTier::kModerate, CodeTier::kComplex, CodeTier::kAgentic})
    if (code_tier_name(t) == name) return t;
  return std::nullopt;
}

}  // namespace gw
