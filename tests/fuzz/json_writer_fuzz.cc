// json_writer_fuzz.cc - JsonWriter and append_json_string write valid JSON
// for any bytes: a string of valid UTF-8 reads back unchanged through
// nlohmann, any other bytes still give valid JSON (U+FFFD for bad ones); and
// the input, read as a program of writer calls (always well formed, at most
// 60 levels deep as the writer allows 63), gives a document nlohmann accepts.
#include <string>
#include <vector>

#include "core/json/json_writer.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using nlohmann::json;

// RFC 3629 UTF-8: no overlongs, no surrogates, nothing past U+10FFFF.
bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80) n = 0;
    else if (c >= 0xC2 && c <= 0xDF) n = 1;
    else if (c >= 0xE0 && c <= 0xEF) n = 2, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4) n = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else return false;
    if (n > 0 && i + n >= s.size()) return false;
    for (size_t k = 1; k <= n; ++k) {
      const unsigned char d = s[i + k];
      if (d < (k == 1 ? lo : 0x80) || d > (k == 1 ? hi : 0xBF)) return false;
    }
    i += n + 1;
  }
  return true;
}

void check_string(std::string_view s) {
  std::string quoted;
  gw::append_json_string(quoted, s);
  GW_FUZZ_CHECK(gw::fuzz::nlohmann_accepts(quoted));
  if (valid_utf8(s)) GW_FUZZ_CHECK(json::parse(quoted).get<std::string>() == s);  // NOLINT: oracle
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in = gw::fuzz::text(data, size);
  check_string(in);

  std::string out;
  gw::JsonWriter w(out);
  std::vector<bool> open;   // containers being written, innermost last: true for an object
  bool need_value = false;  // a key was written
  size_t i = 0;
  while (i < in.size()) {
    const unsigned op = static_cast<unsigned char>(in[i++]);
    const std::string_view bytes = in.substr(i, std::min<size_t>(op >> 4, in.size() - i));
    const bool in_object = !open.empty() && open.back();
    if (in_object && !need_value) {  // a key, or the object's end
      if (op % 2 == 0) {
        w.end_object();
        open.pop_back();
        if (open.empty()) break;
      } else {
        w.key(bytes);
        i += bytes.size();
        need_value = true;
      }
      continue;
    }
    need_value = false;
    switch (op % 7) {
      case 0:
      case 1:
        if (open.size() < 60) {
          open.push_back(op % 7 == 0);
          op % 7 == 0 ? w.begin_object() : w.begin_array();
          continue;
        }
        w.value(nullptr);
        break;
      case 2:
        w.value(bytes);
        i += bytes.size();
        check_string(bytes);
        break;
      case 3:
        w.value(static_cast<int64_t>(op) * -7919 * static_cast<int64_t>(i));
        break;
      case 4:
        w.value(op > 127);
        break;
      case 5:
        w.value(nullptr);
        break;
      default:  // the array's end; a null where a value is due
        if (open.empty() || open.back()) {
          w.value(nullptr);
        } else {
          w.end_array();
          open.pop_back();
        }
    }
    if (open.empty()) break;  // the one top-level value is complete
  }
  if (need_value) w.value(nullptr);
  while (!open.empty()) {
    open.back() ? w.end_object() : w.end_array();
    open.pop_back();
  }
  if (!out.empty()) GW_FUZZ_CHECK(gw::fuzz::nlohmann_accepts(out));
  return 0;
}
