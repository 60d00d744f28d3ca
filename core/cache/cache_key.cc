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

// Erases the member `path` names ("a.b.c": member c of object b of object a).
void erase_path(nlohmann::json& j, std::string_view path) {
  nlohmann::json* at = &j;
  for (size_t dot; (dot = path.find('.')) != std::string_view::npos; path.remove_prefix(dot + 1)) {
    auto it = at->find(std::string(path.substr(0, dot)));
    if (it == at->end() || !it->is_object()) return;
    at = &*it;
  }
  at->erase(std::string(path));
}

}  // namespace

Result<std::string> canonical_json_body(std::string_view text, const std::vector<std::string_view>& ignored) {
  nlohmann::json body = parse_json(text);
  if (!body.is_object()) return make_error(ErrorKind::kInvalidRequest, "request body is not a JSON object");
  for (std::string_view name : ignored) erase_path(body, name);
  canonical_numbers(body);
  // nlohmann's objects keep their keys sorted; dump() writes no blanks and
  // UTF-8 as is (escapes were decoded by the parse).
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::string> cache_key_text(const CacheKeyInput& in) {
  auto body = canonical_json_body(in.body, {std::begin(kCacheIgnoredMembers), std::end(kCacheIgnoredMembers)});
  if (!body) return make_error(ErrorKind::kInvalidRequest, "request body is not a JSON object: it cannot be cached");
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
  out += *body;
  return out;
}

Result<std::string> cache_key(const CacheKeyInput& in) {
  auto text = cache_key_text(in);
  if (!text) return text.error();
  return sha256_hex(*text);
}

}  // namespace gw
