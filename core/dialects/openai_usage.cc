#include "core/dialects/openai_usage.h"

#include <algorithm>
#include <cmath>

#include "core/json/json_parse.h"
#include "core/json/json_scan.h"
#include "core/json/json_view.h"

namespace gw {

namespace {

using nlohmann::json;

// Longer than any real recording (~31,700 years), and far inside int64 milliseconds.
constexpr double kMaxAudioSeconds = 1e12;

// The usage readers below run on a tree (const json&) or on raw text that
// json_scan validated (RawObject, RawValue), through the same few lookups,
// so both read exactly the same fields the same way.

// A raw value: a view of its text, empty when absent. Used like the tree's
// `const json*`: tested, then dereferenced.
struct RawValue {
  std::string_view text;
  explicit operator bool() const { return !text.empty(); }
  const RawValue& operator*() const { return *this; }
};

// A raw object whose members are read once (up to kMax; a larger object's
// lookups scan its text), for the usage object's many lookups.
class RawObject {
 public:
  explicit RawObject(std::string_view text) : text_(text) {
    if (json_type(text) != JsonType::kObject) return;
    std::string_view name, value;
    for (JsonMembers m(text); m.next(name, value);) {
      if (count_ == kMax) {
        many_ = true;
        break;
      }
      members_[count_++] = {name.data(), name.size(), value.data(), value.size()};
    }
  }
  std::string_view text() const { return text_; }
  // The member's raw value (the last of a repeated name, as the tree keeps
  // it); empty when absent.
  std::string_view member(std::string_view name) const {
    if (many_) return json_member(text_, name);
    for (size_t i = count_; i-- > 0;)
      if (std::string_view(members_[i].name, members_[i].name_size) == name)
        return {members_[i].value, members_[i].value_size};
    return {};
  }

 private:
  static constexpr size_t kMax = 16;
  struct Member {  // trivial, so the array below costs nothing to create
    const char* name;
    size_t name_size;
    const char* value;
    size_t value_size;
  };
  std::string_view text_;
  Member members_[kMax];
  size_t count_ = 0;
  bool many_ = false;
};

bool is_object(const json& v) { return v.is_object(); }
bool is_object(const RawObject& v) { return json_type(v.text()) == JsonType::kObject; }

// The member `key` of `obj`, or none when `obj` is not an object or lacks
// it. One lookup, and no std::string built for the key (the object's map
// compares transparently); in text the last of a repeated name, as the tree
// keeps it.
const json* child(const json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}
RawValue child(const RawObject& obj, std::string_view key) { return {obj.member(key)}; }
RawValue child(const RawValue& obj, std::string_view key) { return {json_member(obj.text, key)}; }

std::optional<int64_t> as_integer(const json& v) {
  if (!v.is_number_integer()) return std::nullopt;
  return v.get<int64_t>();
}
std::optional<int64_t> as_integer(const RawValue& v) { return json_integer(v.text); }

std::optional<double> as_number(const json& v) {
  if (!v.is_number()) return std::nullopt;
  return v.get<double>();
}
std::optional<double> as_number(const RawValue& v) { return json_number(v.text); }

bool is_text(const json& v, std::string_view s) { return v.is_string() && v.get_ref<const std::string&>() == s; }
bool is_text(const RawValue& v, std::string_view s) { return json_string_equals(v.text, s); }

// An integer member's value, or nullopt when absent or of another type.
template <class Obj>
std::optional<int64_t> integer(const Obj& obj, std::string_view key) {
  auto v = child(obj, key);
  if (!v) return std::nullopt;
  return as_integer(*v);
}

// A non-negative integer field, or 0 when absent, null or of another type.
template <class Obj>
int64_t count(const Obj& obj, std::string_view key) {
  return std::max<int64_t>(0, integer(obj, key).value_or(0));
}

template <class Obj>
bool is_count(const Obj& obj, std::string_view key) {
  auto n = integer(obj, key);
  return n && *n >= 0;
}

// A field that, when present as an integer, is negative: the whole usage is suspect.
template <class Obj>
bool negative(const Obj& obj, std::string_view key) {
  auto n = integer(obj, key);
  return n && *n < 0;
}

// Seconds (a JSON number, possibly fractional) as whole milliseconds, rounded
// to the nearest; nullopt for anything else, negative or absurdly large.
template <class Value>
std::optional<int64_t> seconds_to_ms(const Value& v) {
  auto s = as_number(v);
  if (!s || !(*s >= 0 && *s <= kMaxAudioSeconds)) return std::nullopt;  // also rejects NaN
  return std::llround(*s * 1000.0);
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
constexpr TokenFields kMediaFields = {"input_tokens", "output_tokens", "input_tokens_details", "output_tokens_details"};

// A number above kMaxTokenCount at `key` (of any type: 2^63, 1e300).
template <class Obj>
bool beyond_limit(const Obj& obj, std::string_view key) {
  auto v = child(obj, key);
  if (!v) return false;
  auto n = as_number(*v);
  return n && *n > static_cast<double>(kMaxTokenCount);
}

template <class Obj>
std::optional<Usage> token_usage(const Obj& u, const TokenFields& f) {
  const auto input_details = child(u, f.input_details);
  const auto output_details = child(u, f.output_details);
  if (beyond_limit(u, f.input) || beyond_limit(u, f.output) ||
      (input_details &&
       (beyond_limit(*input_details, "cached_tokens") || beyond_limit(*input_details, kCanonicalCacheWrite) ||
        beyond_limit(*input_details, kCanonicalCacheWrite1h))) ||
      (output_details && beyond_limit(*output_details, "reasoning_tokens"))) {
    Usage out;  // not billable by its counts: settle charges the hold
    out.overflow = true;
    return out;
  }
  if (!is_count(u, f.input) || negative(u, f.output)) return std::nullopt;
  Usage out;
  out.prompt_tokens = count(u, f.input);
  out.completion_tokens = count(u, f.output);
  if (auto d = child(u, f.input_details)) {
    out.cached_tokens = count(*d, "cached_tokens");
    out.cache_write_tokens = count(*d, kCanonicalCacheWrite);
    out.cache_write_1h_tokens = count(*d, kCanonicalCacheWrite1h);
  }
  if (auto d = child(u, f.output_details)) out.reasoning_tokens = count(*d, "reasoning_tokens");
  return out;
}

template <class Obj>
std::optional<Usage> duration_usage(const Obj& u) {
  auto seconds = child(u, "seconds");
  auto ms = seconds ? seconds_to_ms(*seconds) : std::nullopt;
  if (!ms) return std::nullopt;
  Usage out;
  out.audio_ms = *ms;
  return out;
}

template <class Obj>
std::optional<Usage> read_usage(const Obj& u) {
  if (!is_object(u)) return std::nullopt;
  if (child(u, "prompt_tokens")) return token_usage(u, kChatFields);
  if (auto type = child(u, "type"); type && is_text(*type, "duration")) return duration_usage(u);
  if (child(u, "input_tokens")) return token_usage(u, kMediaFields);
  return std::nullopt;
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

std::optional<Usage> parse_openai_usage(const json& u) { return read_usage(u); }

Usage usage_from_completion(const json& completion, int64_t prompt_tokens_estimate) {
  if (!completion.is_object()) return estimate_from_choices(json::object(), prompt_tokens_estimate);
  std::optional<Usage> reported;
  if (const json* usage = child(completion, "usage")) reported = parse_openai_usage(*usage);
  const json* duration = reported ? nullptr : child(completion, "duration");
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
  return usage_from_scanned_completion(text, (*members)[0], (*members)[1], (*members)[2], prompt_tokens_estimate);
}

Usage usage_from_scanned_completion(std::string_view text, std::string_view usage, std::string_view duration,
                                    std::string_view data, int64_t prompt_tokens_estimate) {
  if (!usage.empty() && duration.empty() && data.empty()) {
    // Read from the text unless a backslash could hide an escaped member
    // name there (the tree decodes names; the text lookups compare them as
    // written).
    auto u = usage.find('\\') == std::string_view::npos ? read_usage(RawObject(usage))
                                                        : parse_openai_usage(parse_json(usage));
    if (u) return *u;
  }
  return usage_from_completion(parse_json(text), prompt_tokens_estimate);
}

}  // namespace gw
