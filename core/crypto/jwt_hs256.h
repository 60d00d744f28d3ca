// jwt_hs256.h - JSON Web Tokens signed with HMAC-SHA256 (RFC 7519 / RFC 7515,
// compact form "header.payload.signature", unpadded base64url). Only HS256
// is accepted: "none", RS256 and everything else are refused, which closes
// the algorithm-confusion attacks. Time is an input. Pure functions;
// thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace gw {

inline constexpr int64_t kDefaultJwtLeewayS = 30;  // allowed clock drift, seconds

// The claims of a valid token. Checks, in order: three segments of unpadded
// base64url; a JSON object header with "alg": "HS256" and no "crit"; the
// signature (constant-time); a JSON object payload; "exp" present and
// numeric with now_s < exp + leeway_s; "nbf", when present, <= now_s +
// leeway_s; "iat", when present, <= now_s + leeway_s. Fractional NumericDates
// are rounded down. Every failure is kUnauthorized with code "invalid_token"
// and a message saying which check failed (never the secret).
Result<nlohmann::json> verify_hs256(std::string_view token, std::string_view secret, int64_t now_s,
                                    int64_t leeway_s = kDefaultJwtLeewayS);

// A compact HS256 token for `claims` (header {"alg":"HS256","typ":"JWT"}).
// For tests, tools and service-to-service assertions.
std::string sign_hs256(const nlohmann::json& claims, std::string_view secret);

}  // namespace gw
