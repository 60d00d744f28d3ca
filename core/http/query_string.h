// query_string.h - reading one parameter from a URL query string
// ("a=1&b=x%20y"), with %XX and '+' decoding. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gw {

// The decoded value of the first `name` parameter, or nullopt when absent.
std::optional<std::string> query_param(std::string_view query, std::string_view name);
// Decodes %XX escapes and '+' (as space); malformed escapes are kept as is.
std::string url_decode(std::string_view text);
// Decodes %XX escapes only ('+' stays '+', as in a URL's path); malformed
// escapes are kept as is.
std::string percent_decode(std::string_view text);

}  // namespace gw
