// csv_field.h - one field of the dashboard's CSV exports. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace gw {

// One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF,
// with quotes doubled; and, against spreadsheet formula injection, a field
// starting with = + - @ gets a leading apostrophe unless it is a number.
std::string csv_field(std::string_view text);

}  // namespace gw
