// json_writer.h - writes JSON text straight into a string, for encoders on
// busy paths (access-log lines, OTLP span batches) where building a
// nlohmann::json tree first costs more than the data itself. Strings are
// escaped per RFC 8259; bytes that are not valid UTF-8 become U+FFFD, so
// the output is always valid JSON. Commas are placed automatically.
// Thread-compatible: one writer per string.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gw {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  // An object key; the next call writes its value.
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(int64_t n);
  JsonWriter& value(int n) { return value(int64_t{n}); }
  JsonWriter& value(bool b);
  JsonWriter& value(std::nullptr_t);
  // key + value in one call.
  template <class V>
  JsonWriter& field(std::string_view k, V v) {
    key(k);
    return value(v);
  }

 private:
  JsonWriter& open(char c);
  JsonWriter& close(char c);
  void separate();  // a comma before every element but the first

  std::string& out_;
  uint64_t first_ = 1;  // bit d: no element written yet at depth d (depth <= 63)
  int depth_ = 0;
  bool after_key_ = false;
};

// Appends `s` as a quoted, escaped JSON string.
void append_json_string(std::string& out, std::string_view s);

}  // namespace gw
