// HS256 JWT verification: the RFC 7515 example, algorithm confusion, time
// claims with leeway boundaries, tampering and malformed tokens.
#include "core/crypto/jwt_hs256.h"

#include <doctest/doctest.h>

#include <string>

#include "core/crypto/crypto.h"

namespace gw {
namespace {

using nlohmann::json;

// RFC 7515 appendix A.1: the JWK "k" value and the resulting compact JWS.
const std::string kRfcKey =
    *base64url_decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
constexpr std::string_view kRfcToken =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr int64_t kRfcExp = 1300819380;

constexpr std::string_view kSecret = "assertion-secret";
constexpr int64_t kNow = 1'700'000'000;

std::string segment(const json& j) { return base64url_encode_unpadded(j.dump()); }

// A token with any header, correctly signed with kSecret.
std::string signed_with_header(const json& header, const json& claims) {
  std::string input = segment(header) + "." + segment(claims);
  return input + "." + base64url_encode_unpadded(hmac_sha256_raw(kSecret, input));
}

std::string failure(std::string_view token, int64_t now = kNow, std::string_view secret = kSecret) {
  Result<json> r = verify_hs256(token, secret, now);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kUnauthorized);
  CHECK(r.error().code == "invalid_token");
  return r.error().message;
}

}  // namespace

TEST_CASE("jwt: the RFC 7515 A.1 example verifies and yields its claims") {
  Result<json> claims = verify_hs256(kRfcToken, kRfcKey, kRfcExp - 10);
  REQUIRE(claims.ok());
  CHECK(claims.value()["iss"] == "joe");
  CHECK(claims.value()["http://example.com/is_root"] == true);
}

TEST_CASE("jwt: exp with 30 s leeway: valid until exp+29, expired at exp+30") {
  CHECK(verify_hs256(kRfcToken, kRfcKey, kRfcExp + 29).ok());
  CHECK(failure(kRfcToken, kRfcExp + 30, kRfcKey) == "invalid token: expired");
  CHECK(verify_hs256(sign_hs256({{"exp", kNow - 29}}, kSecret), kSecret, kNow).ok());
  CHECK(failure(sign_hs256({{"exp", kNow - 30}}, kSecret)) == "invalid token: expired");
  // With no leeway the token is valid strictly before exp.
  CHECK(verify_hs256(sign_hs256({{"exp", kNow}}, kSecret), kSecret, kNow - 1, 0).ok());
  CHECK_FALSE(verify_hs256(sign_hs256({{"exp", kNow}}, kSecret), kSecret, kNow, 0).ok());
}

TEST_CASE("jwt: sign_hs256 output verifies and round-trips claims") {
  json claims = {{"sub", "user_1"}, {"email", "a@b.com"}, {"exp", kNow + 60}};
  std::string token = sign_hs256(claims, kSecret);
  CHECK(token.find('=') == std::string::npos);
  Result<json> back = verify_hs256(token, kSecret, kNow);
  REQUIRE(back.ok());
  CHECK(back.value() == claims);
}

TEST_CASE("jwt: exp is required and must be a number") {
  CHECK(failure(sign_hs256({{"sub", "x"}}, kSecret)).find("no exp") != std::string::npos);
  CHECK(failure(sign_hs256({{"exp", "tomorrow"}}, kSecret)).find("exp is not a NumericDate") != std::string::npos);
  CHECK(verify_hs256(sign_hs256({{"exp", double(kNow) + 60.5}}, kSecret), kSecret, kNow).ok());
}

TEST_CASE("jwt: nbf and iat in the future beyond the leeway are refused") {
  CHECK(verify_hs256(sign_hs256({{"exp", kNow + 600}, {"nbf", kNow + 30}}, kSecret), kSecret, kNow).ok());
  CHECK(failure(sign_hs256({{"exp", kNow + 600}, {"nbf", kNow + 31}}, kSecret)).find("nbf") != std::string::npos);
  CHECK(verify_hs256(sign_hs256({{"exp", kNow + 600}, {"iat", kNow + 30}}, kSecret), kSecret, kNow).ok());
  CHECK(failure(sign_hs256({{"exp", kNow + 600}, {"iat", kNow + 31}}, kSecret)).find("iat") != std::string::npos);
  CHECK(failure(sign_hs256({{"exp", kNow + 600}, {"nbf", "soon"}}, kSecret)).find("nbf") != std::string::npos);
}

TEST_CASE("jwt: alg none, RS256, HS512 and a missing alg are refused even if signed") {
  json claims = {{"exp", kNow + 60}};
  std::string none = segment({{"alg", "none"}, {"typ", "JWT"}}) + "." + segment(claims) + ".";
  CHECK(failure(none) == "invalid token: alg must be HS256");
  CHECK(failure(signed_with_header({{"alg", "RS256"}}, claims)) == "invalid token: alg must be HS256");
  CHECK(failure(signed_with_header({{"alg", "HS512"}}, claims)) == "invalid token: alg must be HS256");
  CHECK(failure(signed_with_header({{"alg", "hs256"}}, claims)) == "invalid token: alg must be HS256");
  CHECK(failure(signed_with_header({{"typ", "JWT"}}, claims)) == "invalid token: alg must be HS256");
  CHECK(failure(signed_with_header({{"alg", "HS256"}, {"crit", {"exp"}}}, claims)).find("critical") !=
        std::string::npos);
  CHECK(verify_hs256(signed_with_header({{"alg", "HS256"}}, claims), kSecret, kNow).ok());  // typ is optional
}

TEST_CASE("jwt: a wrong secret or any altered segment fails the signature") {
  std::string token = sign_hs256({{"exp", kNow + 60}, {"role", "dev"}}, kSecret);
  CHECK(failure(token, kNow, "other-secret") == "invalid token: signature does not match");
  size_t dot1 = token.find('.'), dot2 = token.rfind('.');
  std::string forged_claims =
      token.substr(0, dot1 + 1) + segment({{"exp", kNow + 60}, {"role", "admin"}}) + token.substr(dot2);
  CHECK(failure(forged_claims) == "invalid token: signature does not match");
  std::string bad_sig = token;
  bad_sig.back() = bad_sig.back() == 'A' ? 'B' : 'A';
  CHECK_FALSE(verify_hs256(bad_sig, kSecret, kNow).ok());
  CHECK(failure(token.substr(0, dot2 + 1)) == "invalid token: signature does not match");
}

TEST_CASE("jwt: malformed tokens are refused with a reason") {
  std::string good = sign_hs256({{"exp", kNow + 60}}, kSecret);
  CHECK(failure("").find("three") != std::string::npos);
  CHECK(failure("a.b").find("three") != std::string::npos);
  CHECK(failure(good + ".extra").find("three") != std::string::npos);
  CHECK(failure(good + "=").find("unpadded") != std::string::npos);
  CHECK(failure("!!!." + good.substr(good.find('.') + 1)).find("header") != std::string::npos);
  CHECK(failure(segment(json::array({1})) + ".e30.sig").find("header") != std::string::npos);
  CHECK(failure(signed_with_header({{"alg", "HS256"}}, json::array({1, 2}))).find("payload") != std::string::npos);
  std::string not_json_payload = segment({{"alg", "HS256"}}) + "." + base64url_encode_unpadded("not json");
  not_json_payload += "." + base64url_encode_unpadded(hmac_sha256_raw(kSecret, not_json_payload));
  CHECK(failure(not_json_payload).find("payload") != std::string::npos);
}

}  // namespace gw
