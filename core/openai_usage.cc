#include "core/openai_usage.h"

#include <algorithm>

namespace gw {

namespace {

// A non-negative integer field, or 0 when absent, null or of another type.
int64_t count(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key) || !obj[key].is_number_integer()) return 0;
  return std::max<int64_t>(0, obj[key].get<int64_t>());
}

}  // namespace

std::optional<Usage> parse_openai_usage(const nlohmann::json& u) {
  if (!u.is_object() || !u.contains("prompt_tokens") || !u["prompt_tokens"].is_number_integer()) return std::nullopt;
  if (u["prompt_tokens"].get<int64_t>() < 0) return std::nullopt;
  if (u.contains("completion_tokens") && u["completion_tokens"].is_number_integer() &&
      u["completion_tokens"].get<int64_t>() < 0)
    return std::nullopt;
  Usage out;
  out.prompt_tokens = count(u, "prompt_tokens");
  out.completion_tokens = count(u, "completion_tokens");
  if (u.contains("prompt_tokens_details")) out.cached_tokens = count(u["prompt_tokens_details"], "cached_tokens");
  if (u.contains("completion_tokens_details"))
    out.reasoning_tokens = count(u["completion_tokens_details"], "reasoning_tokens");
  return out;
}

Usage usage_from_completion(const nlohmann::json& completion, int64_t prompt_tokens_estimate) {
  if (completion.is_object() && completion.contains("usage"))
    if (auto u = parse_openai_usage(completion["usage"])) return *u;
  Usage est;
  est.estimated = true;
  est.prompt_tokens = prompt_tokens_estimate;
  if (completion.is_object() && completion.contains("choices") && completion["choices"].is_array()) {
    for (const auto& c : completion["choices"]) {
      if (!c.is_object() || !c.contains("message") || !c["message"].is_object()) continue;
      const auto& msg = c["message"];
      if (msg.contains("content") && msg["content"].is_string())
        est.completion_tokens += estimate_tokens(msg["content"].get_ref<const std::string&>());
      if (msg.contains("tool_calls")) est.completion_tokens += estimate_tokens(msg["tool_calls"].dump());
    }
  }
  return est;
}

}  // namespace gw
