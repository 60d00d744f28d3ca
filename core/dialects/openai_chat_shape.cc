// openai_chat_shape.cc - see openai_chat_shape.h. Pure; thread-safe.
#include "core/dialects/openai_chat_shape.h"

#include <algorithm>
#include <vector>

#include "core/json/json_splice.h"
#include "core/json/json_view.h"
#include "core/json/json_writer.h"

namespace gw {
namespace {

bool documented(std::string_view name) {
  return std::find(std::begin(kChatAnswerMembers), std::end(kChatAnswerMembers), name) != std::end(kChatAnswerMembers);
}

}  // namespace

bool normalize_chat_answer_object(std::string& text, size_t offset, size_t size, std::string_view native,
                                  std::string_view canonical) {
  const std::string_view object = std::string_view(text).substr(offset, size);
  std::string_view model;  // the last `model` value, as json_member reads it
  std::vector<std::string_view> undocumented;
  JsonMembers members(object);
  std::string_view name, value;
  while (members.next(name, value)) {
    if (name == "model") model = value;
    else if (!documented(name)) undocumented.push_back(name);
  }
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
  std::string shaped = edit_json_object(object, edits);  // views into text: build before replacing
  text.replace(offset, size, shaped);
  return true;
}

}  // namespace gw
