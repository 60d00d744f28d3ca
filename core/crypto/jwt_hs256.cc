#include "core/crypto/jwt_hs256.h"

#include <cmath>
#include <optional>
#include <vector>

#include "core/base/ascii_text.h"
#include "core/crypto/crypto.h"
#include "core/json/json_parse.h"

namespace gw {
namespace {

using nlohmann::json;

Error invalid(std::string why) {
  return make_error(ErrorKind::kUnauthorized, "invalid token: " + std::move(why), "invalid_token");
}

// A base64url JSON object segment, or nullopt.
std::optional<json> decode_object(std::string_view segment) {
  std::optional<std::string> text = base64url_decode(segment);
  if (!text) return std::nullopt;
  json value = parse_json(*text);
  if (!value.is_object()) return std::nullopt;
  return value;
}

// A NumericDate claim as whole seconds (fractions rounded down). nullopt when
// it is not a number or is outside int64.
std::optional<int64_t> numeric_date(const json& value) {
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t(INT64_MAX)) return std::nullopt;
    return value.get<int64_t>();
  }
  if (!value.is_number_float()) return std::nullopt;
  double d = std::floor(value.get<double>());
  if (!std::isfinite(d) || d < -9.2e18 || d > 9.2e18) return std::nullopt;
  return static_cast<int64_t>(d);
}

// Time checks; `claims` is a JSON object. now_s and leeway_s are sane clock
// values, so now_s +/- leeway_s cannot overflow.
Status check_times(const json& claims, int64_t now_s, int64_t leeway_s) {
  auto exp_it = claims.find("exp");
  if (exp_it == claims.end()) return invalid("no exp claim");
  std::optional<int64_t> exp = numeric_date(*exp_it);
  if (!exp) return invalid("exp is not a NumericDate");
  if (*exp <= now_s - leeway_s) return invalid("expired");
  for (const char* name : {"nbf", "iat"}) {
    auto it = claims.find(name);
    if (it == claims.end()) continue;
    std::optional<int64_t> when = numeric_date(*it);
    if (!when) return invalid(std::string(name) + " is not a NumericDate");
    if (*when > now_s + leeway_s)
      return invalid(std::string(name) == "nbf" ? "not valid yet (nbf)" : "issued in the future (iat)");
  }
  return ok_status();
}

}  // namespace

Result<json> verify_hs256(std::string_view token, std::string_view secret, int64_t now_s, int64_t leeway_s) {
  std::vector<std::string_view> parts = split(token, '.');
  if (parts.size() != 3) return invalid("expected three dot-separated segments");
  if (token.find('=') != std::string_view::npos) return invalid("segments must be unpadded base64url");

  std::optional<json> header = decode_object(parts[0]);
  if (!header) return invalid("the header is not base64url JSON");
  auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string() || alg->get<std::string>() != "HS256")
    return invalid("alg must be HS256");
  if (header->contains("crit")) return invalid("critical header extensions are not supported");

  std::optional<std::string> signature = base64url_decode(parts[2]);
  std::string signing_input(token.substr(0, parts[0].size() + 1 + parts[1].size()));
  if (!signature || !constant_time_equal(*signature, hmac_sha256_raw(secret, signing_input)))
    return invalid("signature does not match");

  std::optional<json> claims = decode_object(parts[1]);
  if (!claims) return invalid("the payload is not a base64url JSON object");
  Status times = check_times(*claims, now_s, leeway_s);
  if (!times) return times.error();
  return *std::move(claims);
}

std::string sign_hs256(const json& claims, std::string_view secret) {
  static const json kHeader = {{"alg", "HS256"}, {"typ", "JWT"}};
  std::string input = base64url_encode_unpadded(kHeader.dump()) + "." + base64url_encode_unpadded(claims.dump());
  return input + "." + base64url_encode_unpadded(hmac_sha256_raw(secret, input));
}

}  // namespace gw
