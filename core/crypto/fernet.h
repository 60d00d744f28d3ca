// fernet.h - Fernet tokens (https://github.com/fernet/spec, version 0x80):
// base64url(0x80 | 64-bit big-endian timestamp | 16-byte IV |
// AES-128-CBC/PKCS7 ciphertext | HMAC-SHA256 of everything before it), with
// '=' padding. Used to keep API keys and other secrets encrypted at rest;
// tokens interoperate with every Fernet library (Python cryptography, Ruby,
// Go). Time and the IV are inputs, so encryption is deterministic and
// testable; callers pass the current time and 16 fresh random bytes.
// A Fernet is immutable after construction: safe to share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace gw {

class Fernet {
 public:
  // Spec: a token may be stamped at most this far in the verifier's future.
  static constexpr int64_t kMaxClockSkewS = 60;

  // A key is the base64url (padded, 44 characters) of 32 bytes: signing key
  // then encryption key. kConfig error for anything else; the message never
  // repeats the key.
  static Result<Fernet> from_key(std::string_view base64url_key);

  // The key string for 32 raw (random) bytes; "" when raw32 is not 32 bytes.
  static std::string key_from_bytes(std::string_view raw32);

  // A token for `plaintext` stamped `now_unix_s` (>= 0). Requires iv16 to be 16
  // bytes, unique per token (random); returns "" when it is not 16 bytes.
  std::string encrypt(std::string_view plaintext, int64_t now_unix_s, std::string_view iv16) const;

  // The plaintext of a token made with this key. kUnauthorized with code
  // "invalid_token" when the token is not base64url, too short, not version
  // 0x80, stamped more than kMaxClockSkewS in the future, older than ttl_s
  // (when given), fails the HMAC, or has a bad block size or padding.
  Result<std::string> decrypt(std::string_view token, int64_t now_unix_s, std::optional<int64_t> ttl_s = {}) const;

 private:
  Fernet(std::string signing_key, std::string encryption_key)
      : signing_key_(std::move(signing_key)), encryption_key_(std::move(encryption_key)) {}

  std::string signing_key_;     // 16 bytes, HMAC-SHA256 key
  std::string encryption_key_;  // 16 bytes, AES-128 key
};

}  // namespace gw
