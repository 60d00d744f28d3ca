// Webhook signing and Stripe-Signature verification: vectors, tolerance
// boundaries, tampering and malformed headers.
#include "core/crypto/signatures.h"

#include <doctest/doctest.h>

#include <string>

namespace gw {
namespace {

constexpr std::string_view kSecret = "whsec_test_secret";
constexpr std::string_view kPayload = R"({"id":"evt_1","type":"checkout.session.completed"})";
constexpr int64_t kT = 1'700'000'000;
// HMAC-SHA256(kSecret, "1700000000." + kPayload), computed with Python's hmac.
constexpr std::string_view kV1 = "a13d4b1f9003bc2fb6c06224e878b6056185eaa50d40e1e7dc05517f8af41d7b";

std::string header(std::string_view v1 = kV1) { return "t=" + std::to_string(kT) + ",v1=" + std::string(v1); }

Error failure(std::string_view hdr, int64_t now = kT, std::string_view payload = kPayload,
              std::string_view secret = kSecret) {
  Status s = verify_stripe_signature(hdr, payload, secret, now);
  REQUIRE_FALSE(s.ok());
  return s.error();
}

}  // namespace

TEST_CASE("sign_webhook: t=<unix>,v1=<hex HMAC of \"t.body\">") {
  CHECK(sign_webhook(kSecret, kT, kPayload) == header());
}

TEST_CASE("stripe signature: a correct header verifies") {
  CHECK(verify_stripe_signature(header(), kPayload, kSecret, kT).ok());
  CHECK(verify_stripe_signature(sign_webhook("s", 42, "body"), "body", "s", 42).ok());
}

TEST_CASE("stripe signature: 300 s either side passes, 301 s fails") {
  CHECK(verify_stripe_signature(header(), kPayload, kSecret, kT + 300).ok());
  CHECK(verify_stripe_signature(header(), kPayload, kSecret, kT - 300).ok());
  Error late = failure(header(), kT + 301);
  CHECK(late.kind == ErrorKind::kUnauthorized);
  CHECK(late.code == "signature_timestamp_out_of_tolerance");
  CHECK(failure(header(), kT - 301).code == "signature_timestamp_out_of_tolerance");
}

TEST_CASE("stripe signature: the tolerance is configurable") {
  CHECK(verify_stripe_signature(header(), kPayload, kSecret, kT + 10, 10).ok());
  CHECK_FALSE(verify_stripe_signature(header(), kPayload, kSecret, kT + 11, 10).ok());
  CHECK(verify_stripe_signature(header(), kPayload, kSecret, kT, 0).ok());
}

TEST_CASE("stripe signature: any one matching v1 passes; v0 and unknown items are ignored") {
  std::string other(64, '0');
  CHECK(verify_stripe_signature("t=1700000000,v1=" + other + ",v1=" + std::string(kV1), kPayload, kSecret, kT).ok());
  CHECK(verify_stripe_signature("t=1700000000,v1=" + std::string(kV1) + ",v0=" + other + ",x=y", kPayload, kSecret, kT)
            .ok());
  CHECK(verify_stripe_signature(" t=1700000000 , v1=" + std::string(kV1) + " ", kPayload, kSecret, kT).ok());
}

TEST_CASE("stripe signature: a v0 signature alone is not enough") {
  Error e = failure("t=1700000000,v0=" + std::string(kV1));
  CHECK(e.kind == ErrorKind::kInvalidRequest);
  CHECK(e.message.find("no v1") != std::string::npos);
}

TEST_CASE("stripe signature: altered payload, timestamp, signature or secret fail as a mismatch") {
  CHECK(failure(header(), kT, R"({"id":"evt_1","type":"checkout.session.completed "})").code == "signature_mismatch");
  CHECK(failure("t=1700000001,v1=" + std::string(kV1), kT).code == "signature_mismatch");
  std::string flipped(kV1);
  flipped[0] = flipped[0] == 'a' ? 'b' : 'a';
  CHECK(failure(header(flipped)).code == "signature_mismatch");
  CHECK(failure(header(), kT, kPayload, "whsec_other").code == "signature_mismatch");
  CHECK(failure(header(kV1.substr(0, 63))).code == "signature_mismatch");
  Error e = failure(header(), kT, kPayload, "whsec_other");
  CHECK(e.kind == ErrorKind::kUnauthorized);
  CHECK(e.message.find("whsec_other") == std::string::npos);
}

TEST_CASE("stripe signature: a stale replay of a genuine signature reports the time, not a mismatch") {
  Error e = failure(header(), kT + 3600);
  CHECK(e.code == "signature_timestamp_out_of_tolerance");
  CHECK(e.message.find("1700000000") != std::string::npos);
}

TEST_CASE("stripe signature: malformed headers are invalid requests") {
  for (std::string bad : {std::string(), std::string("garbage"), "v1=" + std::string(kV1), std::string("t=1700000000"),
                          "t=,v1=" + std::string(kV1), "t=abc,v1=" + std::string(kV1), "t=-5,v1=" + std::string(kV1),
                          "t=1700000000,,v1=" + std::string(kV1), "t=1,t=1700000000,v1=" + std::string(kV1),
                          "=x,t=1700000000,v1=" + std::string(kV1), "t=99999999999999999999,v1=" + std::string(kV1)}) {
    CAPTURE(bad);
    Error e = failure(bad);
    CHECK(e.kind == ErrorKind::kInvalidRequest);
    CHECK(e.code == "signature_header_malformed");
  }
}

}  // namespace gw
