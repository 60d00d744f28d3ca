// api_key.h - the gw API key format and its pure helpers.
//
// A key is "gw_live_" or "gw_test_" followed by the base62 (0-9, A-Z, a-z) of
// 32 random bytes, left-padded with '0' to a fixed 43 characters: 51
// characters in all. Randomness is an input (callers pass 32 bytes from a
// CSPRNG). Keys are stored encrypted (Fernet) and found by
// key_lookup_hash, so a lookup never decrypts. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gw {

enum class KeyEnvironment { kLive, kTest };

inline constexpr size_t kApiKeyRandomBytes = 32;
inline constexpr size_t kApiKeyBodyChars = 43;  // ceil(256 / log2(62))

// "live" or "test".
std::string_view key_environment_name(KeyEnvironment env);

// A new key from 32 random bytes; "" when random32 is not 32 bytes.
std::string make_api_key(KeyEnvironment env, std::string_view random32);

struct ParsedKey {
  KeyEnvironment env;
  std::string body;  // the 43 base62 characters after the prefix
};

// The key's environment when it is well formed: known prefix, then exactly
// 43 base62 characters. nullopt otherwise (without saying which part is off,
// so probing learns nothing).
std::optional<ParsedKey> parse_api_key(std::string_view key);

// What listings show: the first 12 characters and "…" ("gw_live_3kF9…").
// Never more than half of the given string, so even a short or malformed
// secret is not printed whole.
std::string key_display_prefix(std::string_view key);

// The database lookup column: lowercase hex HMAC-SHA256 of the key under the
// server's `secret`. Deterministic, so the same key always finds its row.
std::string key_lookup_hash(std::string_view secret, std::string_view key);

}  // namespace gw
