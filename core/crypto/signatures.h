// signatures.h - timestamped HMAC-SHA256 signatures in the scheme Stripe
// uses for its Stripe-Signature header: "t=<unix seconds>,v1=<hex>", where
// the hex is HMAC-SHA256(secret, "<t>.<body>"). gw signs its own outgoing
// webhooks this way (so receivers can reuse Stripe-style verification code)
// and verifies incoming Stripe webhooks with it. Time is an input. Pure
// functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace gw {

inline constexpr int64_t kDefaultSignatureToleranceS = 300;  // Stripe's default, seconds

// The signature header value for `body` sent at `unix_s`:
// "t=<unix_s>,v1=<64 lowercase hex>".
std::string sign_webhook(std::string_view secret, int64_t unix_s, std::string_view body);

// Verifies a Stripe-Signature header for the raw request `payload`.
// The header is comma-separated key=value items (blanks around items are
// ignored); it must hold exactly one t=<digits> and at least one v1=; other
// schemes (v0=...) and unknown keys are ignored. Passes when any v1 equals
// HMAC-SHA256(secret, t + "." + payload) (constant-time compare) and
// |now_s - t| <= tolerance_s (so 300 passes and 301 fails at the default).
// Errors: kInvalidRequest "signature_header_malformed" for a header that
// cannot be read; kUnauthorized "signature_mismatch" when no v1 matches;
// kUnauthorized "signature_timestamp_out_of_tolerance" for a genuine but
// stale (or future) signature. Messages never include the secret.
// Requires tolerance_s >= 0.
Status verify_stripe_signature(std::string_view header, std::string_view payload, std::string_view secret,
                               int64_t now_s, int64_t tolerance_s = kDefaultSignatureToleranceS);

}  // namespace gw
