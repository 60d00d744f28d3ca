#include "core/crypto/signatures.h"

#include <optional>
#include <vector>

#include "core/base/ascii_text.h"
#include "core/crypto/crypto.h"

namespace gw {
namespace {

std::string signed_payload(int64_t t, std::string_view body) {
  std::string text = std::to_string(t);
  text += '.';
  text += body;
  return text;
}

Error malformed(std::string why) {
  return make_error(ErrorKind::kInvalidRequest, "malformed signature header: " + std::move(why),
                    "signature_header_malformed");
}

struct SignatureHeader {
  std::optional<int64_t> t;
  std::vector<std::string_view> v1;
};

Result<SignatureHeader> parse_header(std::string_view header) {
  SignatureHeader parsed;
  for (std::string_view part : split(header, ',')) {
    std::string_view item = trim_blanks(part);
    size_t eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0) return malformed("expected key=value items");
    std::string_view key = item.substr(0, eq), value = item.substr(eq + 1);
    if (key == "t") {
      if (parsed.t) return malformed("more than one timestamp");
      parsed.t = parse_decimal(value);
      if (!parsed.t) return malformed("the timestamp is not a whole number of seconds");
    } else if (key == "v1") {
      parsed.v1.push_back(value);
    }
  }
  if (!parsed.t) return malformed("no timestamp (t=)");
  if (parsed.v1.empty()) return malformed("no v1 signature");
  return parsed;
}

}  // namespace

std::string sign_webhook(std::string_view secret, int64_t unix_s, std::string_view body) {
  return "t=" + std::to_string(unix_s) + ",v1=" + hmac_sha256_hex(secret, signed_payload(unix_s, body));
}

Status verify_stripe_signature(std::string_view header, std::string_view payload, std::string_view secret,
                               int64_t now_s, int64_t tolerance_s) {
  Result<SignatureHeader> parsed = parse_header(header);
  if (!parsed) return parsed.error();
  int64_t t = *parsed->t;  // 0 <= t <= INT64_MAX
  std::string expected = hmac_sha256_hex(secret, signed_payload(t, payload));
  bool matched = false;
  for (std::string_view candidate : parsed->v1) matched |= constant_time_equal(candidate, expected);
  if (!matched)
    return make_error(ErrorKind::kUnauthorized, "no v1 signature matches the payload (wrong secret or altered body)",
                      "signature_mismatch");
  // |now_s - t| without overflow: t is non-negative, so compare via subtraction on the safe side.
  bool too_old = now_s > t && now_s - t > tolerance_s;
  bool too_new = t > now_s && (now_s < 0 || t - now_s > tolerance_s);
  if (too_old || too_new)
    return make_error(ErrorKind::kUnauthorized,
                      "signature timestamp " + std::to_string(t) + " is more than " + std::to_string(tolerance_s) +
                          " s from the current time " + std::to_string(now_s),
                      "signature_timestamp_out_of_tolerance");
  return ok_status();
}

}  // namespace gw
