// csv_field.cc - contracts in csv_field.h.
#include "core/dashboard/csv_field.h"

namespace gw {
namespace {

bool is_number(std::string_view s) {
  if (s.empty()) return false;
  size_t i = s[0] == '-' || s[0] == '+' ? 1 : 0;
  bool digits = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') digits = true;
    else if (s[i] != '.') return false;
  }
  return digits;
}

}  // namespace

std::string csv_field(std::string_view text) {
  std::string out;
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@') && !is_number(text))
    out = "'";
  out += text;
  if (out.find_first_of(",\"\r\n") == std::string::npos) return out;
  std::string quoted = "\"";
  for (char c : out) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace gw
