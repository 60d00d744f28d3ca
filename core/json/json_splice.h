// json_splice.h - rewriting chosen top-level members of a JSON object's text
// while every other member passes through byte for byte, in its order: how
// gw changes a few fields of a body it relays (the model name in a request)
// without parsing the body into a tree and printing it again.
//
// Thread-safety: pure functions.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace gw {

struct JsonEdit {
  std::string_view name;   // a member name as written (no escapes)
  std::string_view value;  // raw JSON text to set; empty: remove the member
};

// `object` - valid JSON text of an object (see core/json/json_view.h) - with,
// for each edit, every member of that name removed and, for a set, the new
// value written once: where the name first appeared, or else at the end.
// Later edits of the same name win. The result is compact: the blanks
// between members are dropped (those inside values stay).
std::string edit_json_object(std::string_view object, std::span<const JsonEdit> edits);

}  // namespace gw
