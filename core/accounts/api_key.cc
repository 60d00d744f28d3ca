#include "core/accounts/api_key.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/crypto/crypto.h"

namespace gw {
namespace {

constexpr std::string_view kBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kLivePrefix = "gw_live_";
constexpr std::string_view kTestPrefix = "gw_test_";
constexpr size_t kDisplayChars = 12;

// Base62 of a big-endian number, left-padded with '0' to `width` digits.
// Schoolbook long division by 62; inputs are 32 bytes, so this is cheap.
std::string base62(std::string_view bytes, size_t width) {
  std::vector<uint8_t> number(bytes.begin(), bytes.end());
  std::string digits;
  while (std::any_of(number.begin(), number.end(), [](uint8_t b) { return b != 0; })) {
    uint32_t remainder = 0;
    for (uint8_t& b : number) {
      uint32_t acc = (remainder << 8) | b;
      b = static_cast<uint8_t>(acc / 62);
      remainder = acc % 62;
    }
    digits += kBase62[remainder];
  }
  if (digits.size() < width) digits.append(width - digits.size(), '0');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

}  // namespace

std::string_view key_environment_name(KeyEnvironment env) { return env == KeyEnvironment::kLive ? "live" : "test"; }

std::string make_api_key(KeyEnvironment env, std::string_view random32) {
  if (random32.size() != kApiKeyRandomBytes) return {};
  std::string key(env == KeyEnvironment::kLive ? kLivePrefix : kTestPrefix);
  key += base62(random32, kApiKeyBodyChars);
  return key;
}

std::optional<ParsedKey> parse_api_key(std::string_view key) {
  KeyEnvironment env;
  if (key.starts_with(kLivePrefix)) {
    env = KeyEnvironment::kLive;
  } else if (key.starts_with(kTestPrefix)) {
    env = KeyEnvironment::kTest;
  } else {
    return std::nullopt;
  }
  std::string_view body = key.substr(kLivePrefix.size());
  if (body.size() != kApiKeyBodyChars) return std::nullopt;
  if (body.find_first_not_of(kBase62) != std::string_view::npos) return std::nullopt;
  return ParsedKey{env, std::string(body)};
}

std::string key_display_prefix(std::string_view key) {
  return std::string(key.substr(0, std::min(kDisplayChars, key.size() / 2))) + "…";
}

std::string key_lookup_hash(std::string_view secret, std::string_view key) { return hmac_sha256_hex(secret, key); }

}  // namespace gw
