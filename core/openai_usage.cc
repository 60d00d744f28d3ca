#include "core/openai_usage.h"

namespace gw {

std::optional<Usage> parse_openai_usage(const nlohmann::json& u) {
  if (!u.is_object() || !u.contains("prompt_tokens") || !u["prompt_tokens"].is_number_integer()) return std::nullopt;
  Usage out;
  out.prompt_tokens = u["prompt_tokens"].get<int64_t>();
  if (u.contains("completion_tokens") && u["completion_tokens"].is_number_integer())
    out.completion_tokens = u["completion_tokens"].get<int64_t>();
  if (u.contains("prompt_tokens_details") && u["prompt_tokens_details"].is_object())
    out.cached_tokens = u["prompt_tokens_details"].value("cached_tokens", int64_t{0});
  if (u.contains("completion_tokens_details") && u["completion_tokens_details"].is_object())
    out.reasoning_tokens = u["completion_tokens_details"].value("reasoning_tokens", int64_t{0});
  if (out.prompt_tokens < 0 || out.completion_tokens < 0) return std::nullopt;
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
