// json_splice.cc - contracts in json_splice.h.
#include "core/json/json_splice.h"

#include <iterator>
#include <vector>

#include "core/json/json_view.h"

namespace gw {
namespace {

// The edit that decides `name` (the last one naming it), or null.
const JsonEdit* edit_for(std::span<const JsonEdit> edits, std::string_view name) {
  const JsonEdit* found = nullptr;
  for (const JsonEdit& e : edits)
    if (e.name == name) found = &e;
  return found;
}

void append_member(std::string& out, std::string_view name, std::string_view value) {
  if (out.size() > 1) out += ',';
  out += '"';
  out += name;
  out += "\":";
  out += value;
}

}  // namespace

std::string edit_json_object(std::string_view object, std::span<const JsonEdit> edits) {
  std::string out;
  out.reserve(object.size() + 64);
  out += '{';
  // written[i]: the name of edits[i] has been met (a set is written there, once).
  char few[16] = {};
  std::vector<char> many;
  if (edits.size() > std::size(few)) many.resize(edits.size());
  char* written = many.empty() ? few : many.data();
  std::string_view name, value;
  for (JsonMembers m(object); m.next(name, value);) {
    const JsonEdit* e = edit_for(edits, name);
    if (!e) {
      append_member(out, name, value);
      continue;
    }
    char& seen = written[e - edits.data()];
    if (!e->value.empty() && !seen) append_member(out, name, e->value);
    seen = 1;
  }
  for (size_t i = 0; i < edits.size(); ++i) {
    const JsonEdit& e = edits[i];
    if (!e.value.empty() && !written[i] && edit_for(edits, e.name) == &e) append_member(out, e.name, e.value);
  }
  out += '}';
  return out;
}

}  // namespace gw
