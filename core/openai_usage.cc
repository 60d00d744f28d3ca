#include "core/openai_usage.h"

#include <algorithm>
#include <cmath>

namespace gw {

namespace {

using nlohmann::json;

// Longer than any real recording (~31,700 years), and far inside int64 milliseconds.
constexpr double kMaxAudioSeconds = 1e12;

// A non-negative integer field, or 0 when absent, null or of another type.
int64_t count(const json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key) || !obj[key].is_number_integer()) return 0;
  return std::max<int64_t>(0, obj[key].get<int64_t>());
}

bool is_count(const json& obj, const char* key) {
  return obj.contains(key) && obj[key].is_number_integer() && obj[key].get<int64_t>() >= 0;
}

// A field that, when present as an integer, is negative: the whole usage is suspect.
bool negative(const json& obj, const char* key) {
  return obj.contains(key) && obj[key].is_number_integer() && obj[key].get<int64_t>() < 0;
}

// Seconds (a JSON number, possibly fractional) as whole milliseconds, rounded
// to the nearest; nullopt for anything else, negative or absurdly large.
std::optional<int64_t> seconds_to_ms(const json& v) {
  if (!v.is_number()) return std::nullopt;
  const double s = v.get<double>();
  if (!(s >= 0 && s <= kMaxAudioSeconds)) return std::nullopt;  // also rejects NaN
  return std::llround(s * 1000.0);
}

// One shape of usage: names of the main, second and detail counts.
struct TokenFields {
  const char* input;
  const char* output;
  const char* input_details;
  const char* output_details;
};

constexpr TokenFields kChatFields = {"prompt_tokens", "completion_tokens", "prompt_tokens_details",
                                     "completion_tokens_details"};
constexpr TokenFields kMediaFields = {"input_tokens", "output_tokens", "input_tokens_details",
                                      "output_tokens_details"};

std::optional<Usage> token_usage(const json& u, const TokenFields& f) {
  if (!is_count(u, f.input) || negative(u, f.output)) return std::nullopt;
  Usage out;
  out.prompt_tokens = count(u, f.input);
  out.completion_tokens = count(u, f.output);
  if (u.contains(f.input_details)) out.cached_tokens = count(u[f.input_details], "cached_tokens");
  if (u.contains(f.output_details)) out.reasoning_tokens = count(u[f.output_details], "reasoning_tokens");
  return out;
}

std::optional<Usage> duration_usage(const json& u) {
  auto ms = u.contains("seconds") ? seconds_to_ms(u["seconds"]) : std::nullopt;
  if (!ms) return std::nullopt;
  Usage out;
  out.audio_ms = *ms;
  return out;
}

int64_t generated_images(const json& answer) {
  if (!answer.contains("data") || !answer["data"].is_array()) return 0;
  return std::count_if(answer["data"].begin(), answer["data"].end(), [](const json& item) {
    return item.is_object() && (item.contains("url") || item.contains("b64_json"));
  });
}

Usage estimate_from_choices(const json& completion, int64_t prompt_tokens_estimate) {
  Usage est;
  est.estimated = true;
  est.prompt_tokens = prompt_tokens_estimate;
  if (!completion.contains("choices") || !completion["choices"].is_array()) return est;
  for (const auto& c : completion["choices"]) {
    if (!c.is_object() || !c.contains("message") || !c["message"].is_object()) continue;
    const auto& msg = c["message"];
    if (msg.contains("content") && msg["content"].is_string())
      est.completion_tokens += estimate_tokens(msg["content"].get_ref<const std::string&>());
    if (msg.contains("tool_calls")) est.completion_tokens += estimate_tokens(msg["tool_calls"].dump());
  }
  return est;
}

}  // namespace

std::optional<Usage> parse_openai_usage(const json& u) {
  if (!u.is_object()) return std::nullopt;
  if (u.contains("prompt_tokens")) return token_usage(u, kChatFields);
  if (u.contains("type") && u["type"] == "duration") return duration_usage(u);
  if (u.contains("input_tokens")) return token_usage(u, kMediaFields);
  return std::nullopt;
}

Usage usage_from_completion(const json& completion, int64_t prompt_tokens_estimate) {
  if (!completion.is_object()) return estimate_from_choices(json::object(), prompt_tokens_estimate);
  std::optional<Usage> reported;
  if (completion.contains("usage")) reported = parse_openai_usage(completion["usage"]);
  if (!reported && completion.contains("duration")) {
    if (auto ms = seconds_to_ms(completion["duration"])) {
      reported = Usage{};
      reported->audio_ms = *ms;
    }
  }
  Usage u = reported ? *reported : estimate_from_choices(completion, prompt_tokens_estimate);
  u.images = generated_images(completion);
  return u;
}

}  // namespace gw
