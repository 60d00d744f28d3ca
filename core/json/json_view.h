// json_view.h - reading chosen parts of JSON text without building a tree:
// the members of an object and the elements of an array in order, and a
// value's type, number, boolean or string as nlohmann::json reads them. For
// the hot path, where gw needs a handful of fields of a body it otherwise
// passes on as bytes (an inbound chat request, the usage of an answer):
// building nlohmann's tree of a small body costs ~15k instructions and
// dozens of allocations; these cost a few hundred and none.
//
// Everything here requires text that is valid JSON: a document that
// core/json/json_scan.h accepted, or a raw value taken from one. Nothing is
// validated again. On other text the functions stay inside it, but their
// answers are unspecified.
//
// Thread-safety: pure functions; an iterator belongs to one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gw {

enum class JsonType { kNull, kBoolean, kNumber, kString, kArray, kObject };

// The type of a raw value ("{...}", "[...]", "\"...\"", "true", "-1.5",
// "null"), from its first character. An empty view (an absent member) is
// kNull.
JsonType json_type(std::string_view value);

// The members of a raw object, in order; a repeated name is met each time.
class JsonMembers {
 public:
  explicit JsonMembers(std::string_view object);
  // The next member: its name as written between the quotes (escapes are
  // not decoded) and its raw value. False after the last member.
  bool next(std::string_view& name, std::string_view& value);

 private:
  std::string_view s_;
  size_t i_ = 0;
};

// The elements of a raw array, in order.
class JsonElements {
 public:
  explicit JsonElements(std::string_view array);
  // The next element's raw value; false after the last.
  bool next(std::string_view& value);

 private:
  std::string_view s_;
  size_t i_ = 0;
};

// The raw value of the member `name` (compared as written) of a raw object:
// the last one when the name repeats, an empty view when absent.
std::string_view json_member(std::string_view object, std::string_view name);

// A number nlohmann::json holds as an integer (no fraction or exponent,
// within int64 or uint64), as its get<int64_t>() reads it: a value above
// INT64_MAX wraps to negative. nullopt for every other value.
std::optional<int64_t> json_integer(std::string_view value);
// Any number, as get<double>() reads it (correctly rounded; zero for one
// too small for a double). nullopt for other values.
std::optional<double> json_number(std::string_view value);
// true or false; nullopt for other values.
std::optional<bool> json_boolean(std::string_view value);
// A string value's bytes with its escapes decoded (\u escapes as UTF-8, a
// surrogate pair as one character); nullopt for other values.
std::optional<std::string> json_string(std::string_view value);
// The length in bytes of what json_string() would return (0 for values that
// are not strings), without building it.
size_t json_string_size(std::string_view value);
// True when `value` is a string whose decoded bytes equal `text`.
bool json_string_equals(std::string_view value, std::string_view text);

}  // namespace gw
