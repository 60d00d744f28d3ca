// openai_chat_shape.cc - see openai_chat_shape.h. Pure; thread-safe.
#include "core/dialects/openai_chat_shape.h"

#include <algorithm>
#include <vector>

#include "core/dialects/openai_usage.h"
#include "core/json/json_scan.h"
#include "core/json/json_splice.h"
#include "core/json/json_view.h"
#include "core/json/json_writer.h"

namespace gw {
namespace {

bool documented(std::string_view name) {
  return std::find(std::begin(kChatAnswerMembers), std::end(kChatAnswerMembers), name) != std::end(kChatAnswerMembers);
}

}  // namespace

namespace {

// Removes the `undocumented` members of the object at [offset, offset +
// size) of `text` and renames `model` (a view into it) from `native` to
// `canonical`. The views point into `text`.
bool apply_shape(std::string& text, size_t offset, size_t size, std::string_view model,
                 const std::vector<std::string_view>& undocumented, std::string_view native,
                 std::string_view canonical) {
  const bool rename = !model.empty() && native != canonical && json_string_equals(model, native);
  if (!rename && undocumented.empty()) return false;
  std::string quoted_canonical;
  if (rename) append_json_string(quoted_canonical, canonical);
  if (undocumented.empty()) {
    text.replace(static_cast<size_t>(model.data() - text.data()), model.size(), quoted_canonical);
    return true;
  }
  std::vector<JsonEdit> edits;
  edits.reserve(undocumented.size() + 1);
  for (std::string_view n : undocumented) edits.push_back(JsonEdit{n, {}});
  if (rename) edits.push_back(JsonEdit{"model", quoted_canonical});
  std::string shaped = edit_json_object(std::string_view(text).substr(offset, size), edits);  // views into text
  text.replace(offset, size, shaped);
  return true;
}

}  // namespace

bool normalize_chat_answer_object(std::string& text, size_t offset, size_t size, std::string_view native,
                                  std::string_view canonical) {
  std::string_view model;  // the last `model` value, as json_member reads it
  std::vector<std::string_view> undocumented;
  JsonMembers members(std::string_view(text).substr(offset, size));
  std::string_view name, value;
  while (members.next(name, value)) {
    if (name == "model") model = value;
    else if (!documented(name)) undocumented.push_back(name);
  }
  return apply_shape(text, offset, size, model, undocumented, native, canonical);
}

std::optional<Usage> read_chat_answer(std::string& text, int64_t prompt_tokens_estimate, std::string_view native,
                                      std::string_view canonical) {
  static constexpr std::string_view kFind[] = {"usage", "duration", "data", "model"};
  std::vector<std::string_view> undocumented;
  auto found = top_level_members(text, kFind, kChatAnswerMembers, undocumented);
  if (!found) return std::nullopt;
  const auto& f = *found;
  Usage usage = usage_from_scanned_completion(text, f[0], f[1], f[2], prompt_tokens_estimate);
  if (!f[1].empty()) undocumented.push_back("duration");  // looked for as usage, not documented for chat
  if (!f[2].empty()) undocumented.push_back("data");
  apply_shape(text, 0, text.size(), f[3], undocumented, native, canonical);
  return usage;
}

}  // namespace gw
