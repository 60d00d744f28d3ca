#include "core/openai_usage.h"

#include <algorithm>
#include <cmath>

#include "core/json_scan.h"

namespace gw {

namespace {

using nlohmann::json;

// Longer than any real recording (~31,700 years), and far inside int64 milliseconds.
constexpr double kMaxAudioSeconds = 1e12;

// The member `key` of `obj`, or null when `obj` is not an object or lacks it.
// One lookup, and no std::string built for the key (the object's map
// compares transparently).
const json* member(const json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

// An integer member's value, or nullopt when absent or of another type.
std::optional<int64_t> integer(const json& obj, std::string_view key) {
  const json* v = member(obj, key);
  if (!v || !v->is_number_integer()) return std::nullopt;
  return v->get<int64_t>();
}

// A non-negative integer field, or 0 when absent, null or of another type.
int64_t count(const json& obj, std::string_view key) { return std::max<int64_t>(0, integer(obj, key).value_or(0)); }

bool is_count(const json& obj, std::string_view key) {
  auto n = integer(obj, key);
  return n && *n >= 0;
}

// A field that, when present as an integer, is negative: the whole usage is suspect.
bool negative(const json& obj, std::string_view key) {
  auto n = integer(obj, key);
  return n && *n < 0;
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
  if (const json* d = member(u, f.input_details)) out.cached_tokens = count(*d, "cached_tokens");
  if (const json* d = member(u, f.output_details)) out.reasoning_tokens = count(*d, "reasoning_tokens");
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
  if (member(u, "prompt_tokens")) return token_usage(u, kChatFields);
  if (const json* type = member(u, "type"); type && *type == "duration") return duration_usage(u);
  if (member(u, "input_tokens")) return token_usage(u, kMediaFields);
  return std::nullopt;
}

Usage usage_from_completion(const json& completion, int64_t prompt_tokens_estimate) {
  if (!completion.is_object()) return estimate_from_choices(json::object(), prompt_tokens_estimate);
  std::optional<Usage> reported;
  if (const json* usage = member(completion, "usage")) reported = parse_openai_usage(*usage);
  const json* duration = reported ? nullptr : member(completion, "duration");
  if (duration) {
    if (auto ms = seconds_to_ms(*duration)) {
      reported = Usage{};
      reported->audio_ms = *ms;
    }
  }
  Usage u = reported ? *reported : estimate_from_choices(completion, prompt_tokens_estimate);
  u.images = generated_images(completion);
  return u;
}

std::optional<Usage> usage_from_completion_text(std::string_view text, int64_t prompt_tokens_estimate) {
  static constexpr std::string_view kMembers[] = {"usage", "duration", "data"};
  auto members = top_level_members(text, kMembers);
  if (!members) return std::nullopt;
  const std::string_view usage = (*members)[0];
  if (!usage.empty() && (*members)[1].empty() && (*members)[2].empty()) {
    if (auto u = parse_openai_usage(json::parse(usage, nullptr, false))) return u;
  }
  return usage_from_completion(json::parse(text, nullptr, false), prompt_tokens_estimate);
}

}  // namespace gw
