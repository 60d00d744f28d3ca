// API key format: generation from given random bytes, parsing, display
// prefix and the HMAC lookup hash.
#include "core/accounts/api_key.h"

#include <doctest/doctest.h>

#include <string>

#include "core/crypto/crypto.h"

namespace gw {
namespace {

std::string counting_bytes() {
  std::string bytes;
  for (int i = 0; i < 32; ++i) bytes += static_cast<char>(i);
  return bytes;
}

}  // namespace

TEST_CASE("api key: gw_live_ plus 43 base62 characters of the random bytes") {
  // Expected values computed independently (Python int.from_bytes, base 62).
  CHECK(make_api_key(KeyEnvironment::kLive, counting_bytes()) == "gw_live_003aUlTJC7tjlCTQj2uNU3MFagCXG9LRKRcwGkBIDlf");
  CHECK(make_api_key(KeyEnvironment::kTest, std::string(32, '\xff')) ==
        "gw_test_yhjskwdA6OZ1AL1YmHWZWm8LLG7HjnuCA2j5rOw8Xp1");
  CHECK(make_api_key(KeyEnvironment::kLive, std::string(32, '\0')) == "gw_live_" + std::string(43, '0'));
}

TEST_CASE("api key: every key has the same length, and different bytes give different keys") {
  CHECK(make_api_key(KeyEnvironment::kLive, std::string(32, '\0')).size() == 51);
  CHECK(make_api_key(KeyEnvironment::kLive, std::string(32, '\xff')).size() == 51);
  std::string a = counting_bytes(), b = counting_bytes();
  b[31] ^= 1;
  CHECK(make_api_key(KeyEnvironment::kLive, a) != make_api_key(KeyEnvironment::kLive, b));
}

TEST_CASE("api key: anything but 32 random bytes gives no key") {
  CHECK(make_api_key(KeyEnvironment::kLive, std::string(31, 'a')).empty());
  CHECK(make_api_key(KeyEnvironment::kLive, std::string(33, 'a')).empty());
}

TEST_CASE("api key: parse recovers the environment of generated keys") {
  auto live = parse_api_key(make_api_key(KeyEnvironment::kLive, counting_bytes()));
  REQUIRE(live);
  CHECK(live->env == KeyEnvironment::kLive);
  CHECK(live->body == "003aUlTJC7tjlCTQj2uNU3MFagCXG9LRKRcwGkBIDlf");
  auto test = parse_api_key(make_api_key(KeyEnvironment::kTest, counting_bytes()));
  REQUIRE(test);
  CHECK(test->env == KeyEnvironment::kTest);
  CHECK(key_environment_name(test->env) == "test");
  CHECK(key_environment_name(KeyEnvironment::kLive) == "live");
}

TEST_CASE("api key: parse refuses wrong prefixes, lengths and characters") {
  std::string body = "003aUlTJC7tjlCTQj2uNU3MFagCXG9LRKRcwGkBIDlf";
  CHECK(parse_api_key("gw_live_" + body));
  CHECK_FALSE(parse_api_key(""));
  CHECK_FALSE(parse_api_key("gw_live_"));
  CHECK_FALSE(parse_api_key("gw_prod_" + body));
  CHECK_FALSE(parse_api_key("GW_LIVE_" + body));
  CHECK_FALSE(parse_api_key("sk-" + body));
  CHECK_FALSE(parse_api_key("gw_live_" + body.substr(1)));  // 42 characters
  CHECK_FALSE(parse_api_key("gw_live_" + body + "x"));      // 44 characters
  CHECK_FALSE(parse_api_key("gw_live_" + body.substr(1) + "-"));
  CHECK_FALSE(parse_api_key("gw_live_" + body.substr(1) + "_"));
  CHECK_FALSE(parse_api_key(" gw_live_" + body.substr(1)));
  CHECK_FALSE(parse_api_key("gw_live_" + body.substr(1) + "\n"));
}

TEST_CASE("api key: display prefix shows 12 characters and an ellipsis, never half a short secret") {
  std::string key = make_api_key(KeyEnvironment::kLive, counting_bytes());
  CHECK(key_display_prefix(key) == "gw_live_003a…");
  CHECK(key_display_prefix("abcdef") == "abc…");
  CHECK(key_display_prefix("") == "…");
}

TEST_CASE("api key: lookup hash is hex HMAC-SHA256 under the server secret") {
  std::string key = make_api_key(KeyEnvironment::kLive, counting_bytes());
  // Computed independently with Python's hmac module.
  CHECK(key_lookup_hash("lookup-secret", key) == "292242b15e5303fbb3d5db4024581355a01930988da8f47b7b3ecec0db441fbf");
  CHECK(key_lookup_hash("lookup-secret", key) == key_lookup_hash("lookup-secret", key));
  CHECK(key_lookup_hash("other-secret", key) != key_lookup_hash("lookup-secret", key));
  CHECK(key_lookup_hash("lookup-secret", key).find(key) == std::string::npos);
}

}  // namespace gw
