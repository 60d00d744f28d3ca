// cache_key.cc - see cache_key.h. Pure; thread-safe.
#include "core/cache/cache_key.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/crypto/crypto.h"
#include "core/json/json_parse.h"

namespace gw {
namespace {

// 1.0 and 1 are the same number to every provider: integral floats within
// int64 become integers, recursively.
void canonical_numbers(nlohmann::json& j) {
  if (j.is_number_float()) {
    const double d = j.get<double>();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.0e15) j = static_cast<int64_t>(d);
    return;
  }
  if (j.is_structured())
    for (auto& v : j) canonical_numbers(v);
}

}  // namespace

Result<std::string> cache_key_text(const CacheKeyInput& in) {
  nlohmann::json body = parse_json(in.body);
  if (!body.is_object())
    return make_error(ErrorKind::kInvalidRequest, "request body is not a JSON object: it cannot be cached");
  for (std::string_view name : kCacheIgnoredMembers) body.erase(std::string(name));
  canonical_numbers(body);
  auto headers = in.headers;
  std::sort(headers.begin(), headers.end());
  std::string out = "gw-cache-key v2\nroute ";
  out += in.route;
  out += "\nmodel ";
  out += in.model;
  out += "\ntenant ";
  out += in.tenant;
  for (const auto& [name, value] : headers) out += "\nheader " + name + ": " + value;
  out += "\nbody ";
  // nlohmann's objects keep their keys sorted; dump() writes no blanks and
  // UTF-8 as is (escapes were decoded by the parse).
  out += body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return out;
}

Result<std::string> cache_key(const CacheKeyInput& in) {
  auto text = cache_key_text(in);
  if (!text) return text.error();
  return sha256_hex(*text);
}

}  // namespace gw
