// crypto.h - the hashing, MAC and encoding primitives every security feature
// builds on: SHA-256, HMAC-SHA256, hex, base64 / base64url (RFC 4648) and a
// constant-time comparison. Thin wrappers over OpenSSL libcrypto (pure
// computation, no I/O). Strings carry raw bytes. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gw {

// HMAC-SHA256(key, message): 32 raw bytes, or 64 lowercase hex characters.
std::string hmac_sha256_raw(std::string_view key, std::string_view message);
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// SHA-256 of `data`: 32 raw bytes, or 64 lowercase hex characters.
std::string sha256_raw(std::string_view data);
std::string sha256_hex(std::string_view data);

// Lowercase hex of raw bytes ("\x01\xab" -> "01ab").
std::string hex_encode(std::string_view bytes);

// Standard alphabet (+/), always padded with '=' to a multiple of 4.
std::string base64_encode(std::string_view bytes);
// URL-safe alphabet (-_), padded (Fernet keys and tokens use padding).
std::string base64url_encode(std::string_view bytes);
// URL-safe alphabet without '=' padding (JWT segments, RFC 7515).
std::string base64url_encode_unpadded(std::string_view bytes);

// Decoders accept input with or without '=' padding, but when padding is
// present it must be complete and only at the end. They reject characters
// outside the alphabet (including whitespace), an impossible length, and
// non-zero leftover bits, so each byte string has exactly one accepted
// encoding. nullopt on any of those.
std::optional<std::string> base64_decode(std::string_view text);
std::optional<std::string> base64url_decode(std::string_view text);

// True when a and b hold the same bytes. The time taken depends only on the
// lengths, never on where the first difference is (use it for MACs, hashes
// and secrets). Lengths themselves are not secret.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace gw
