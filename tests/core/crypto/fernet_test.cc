// Fernet against the published vectors of github.com/fernet/spec
// (generate.json, verify.json, invalid.json, copied verbatim below), plus
// round trips, time boundaries, tampering and key handling.
#include "core/crypto/fernet.h"

#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/crypto/crypto.h"

namespace gw {
namespace {

using nlohmann::json;

constexpr const char* kGenerateJson = R"json([
  {
    "token": "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==",
    "now": "1985-10-26T01:20:00-07:00",
    "iv": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    "src": "hello",
    "secret": "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
  }
])json";

constexpr const char* kVerifyJson = R"json([
  {
    "token": "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==",
    "now": "1985-10-26T01:20:01-07:00",
    "ttl_sec": 60,
    "src": "hello",
    "secret": "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
  }
])json";

constexpr const char* kInvalidJson = R"json([
  {
    "desc": "incorrect mac",
    "token": "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykQUFBQUFBQUFBQQ==",
    "now": "1985-10-26T01:20:01-07:00",
    "ttl_sec": 60,
    "secret": "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
  },
  {
    "desc": "too short",
    "token": "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPA==",
    "now": "1985-10-26T01:20:01-07:00",
    "ttl_sec": 60,
    "secret": "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
  },
  {
    "desc": "invalid base64",
    "token": "%%%%%%%%%%%%%AECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-p1YsUD2Q==",
    "now": "1985-10-26T01:20:01-07:00",
    "ttl_sec": 60,
    "secret": "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
  },
  {
    "desc": "payload size not multiple of block size",
    "token": "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPOm73QeoCk9uGib28Xe5vz6oxq5nmxbx_v7mrfyudzUm",
    "now": "1985-10-26T01:20:01-07:00",
    "ttl_sec": 60,
    "secret": "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
  },
  {
    "desc": "payload padding error",
    "token": "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0ODz4LEpdELGQAad7aNEHbf-JkLPIpuiYRLQ3RtXatOYREu2FWke6CnJNYIbkuKNqOhw==",
    "now": "1985-10-26T01:20:01-07:00",
    "ttl_sec": 60,
    "secret": "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
  },
  {
    "desc": "far-future TS (unacceptable clock skew)",
    "token": "gAAAAAAdwStRAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAnja1xKYyhd-Y6mSkTOyTGJmw2Xc2a6kBd-iX9b_qXQcw==",
    "now": "1985-10-26T01:20:01-07:00",
    "ttl_sec": 60,
    "secret": "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
  },
  {
    "desc": "expired TTL",
    "token": "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-p1YsUD2Q==",
    "now": "1985-10-26T01:21:31-07:00",
    "ttl_sec": 60,
    "secret": "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
  },
  {
    "desc": "incorrect IV (causes padding error)",
    "token": "gAAAAAAdwJ6xBQECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAkLhFLHpGtDBRLRTZeUfWgHSv49TF2AUEZ1TIvcZjK1zQ==",
    "now": "1985-10-26T01:20:01-07:00",
    "ttl_sec": 60,
    "secret": "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
  }
])json";

// "YYYY-MM-DDTHH:MM:SS+HH:MM" -> Unix seconds (days_from_civil, H. Hinnant).
int64_t unix_seconds(const std::string& iso) {
  auto num = [&](size_t pos, size_t len) { return std::stoll(iso.substr(pos, len)); };
  int64_t y = num(0, 4), m = num(5, 2), d = num(8, 2);
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
  int64_t local = days * 86400 + num(11, 2) * 3600 + num(14, 2) * 60 + num(17, 2);
  int64_t offset = (num(20, 2) * 3600 + num(23, 2) * 60) * (iso[19] == '-' ? -1 : 1);
  return local - offset;
}

Fernet fernet(const std::string& key) {
  Result<Fernet> f = Fernet::from_key(key);
  REQUIRE(f.ok());
  return f.value();
}

const std::string kSpecKey = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
const std::string kIv(16, '\x07');

}  // namespace

TEST_CASE("fernet: the test's ISO reader agrees with the spec token's timestamp") {
  CHECK(unix_seconds("1985-10-26T01:20:00-07:00") == 499162800);  // 0x1dc09eb0 in the token
}

TEST_CASE("fernet spec generate.json: encrypt makes the published token byte for byte") {
  for (const json& v : json::parse(kGenerateJson)) {
    std::string iv;
    for (int b : v["iv"]) iv += static_cast<char>(b);
    std::string token = fernet(v["secret"]).encrypt(v["src"].get<std::string>(), unix_seconds(v["now"]), iv);
    CHECK(token == v["token"].get<std::string>());
  }
}

TEST_CASE("fernet spec verify.json: decrypt recovers the source within the TTL") {
  for (const json& v : json::parse(kVerifyJson)) {
    Result<std::string> plain =
        fernet(v["secret"]).decrypt(v["token"].get<std::string>(), unix_seconds(v["now"]), v["ttl_sec"].get<int64_t>());
    REQUIRE(plain.ok());
    CHECK(plain.value() == v["src"].get<std::string>());
  }
}

TEST_CASE("fernet spec invalid.json: every token is refused as invalid_token, for its own reason") {
  const std::map<std::string, std::string> reason = {
      {"incorrect mac", "HMAC does not match"},
      {"too short", "too short"},
      {"invalid base64", "not base64url"},
      {"payload size not multiple of block size", "whole number of AES blocks"},
      {"payload padding error", "bad padding"},
      {"far-future TS (unacceptable clock skew)", "too far in the future"},
      {"expired TTL", "expired"},
      {"incorrect IV (causes padding error)", "bad padding"},
  };
  for (const json& v : json::parse(kInvalidJson)) {
    std::string desc = v["desc"];
    CAPTURE(desc);
    Result<std::string> plain =
        fernet(v["secret"]).decrypt(v["token"].get<std::string>(), unix_seconds(v["now"]), v["ttl_sec"].get<int64_t>());
    REQUIRE_FALSE(plain.ok());
    CHECK(plain.error().kind == ErrorKind::kUnauthorized);
    CHECK(plain.error().code == "invalid_token");
    CHECK(plain.error().message.find(reason.at(desc)) != std::string::npos);
  }
}

TEST_CASE("fernet: round trip of empty, block-sized and binary plaintexts") {
  Fernet f = fernet(kSpecKey);
  for (std::string plain :
       {std::string(), std::string(16, 'x'), std::string("\0\xff\x80 gw_live_abc", 15), std::string(1000, 'k')}) {
    std::string token = f.encrypt(plain, 1'700'000'000, kIv);
    Result<std::string> back = f.decrypt(token, 1'700'000'000);
    REQUIRE(back.ok());
    CHECK(back.value() == plain);
  }
}

TEST_CASE("fernet: TTL boundary is inclusive, one second later is expired") {
  Fernet f = fernet(kSpecKey);
  std::string token = f.encrypt("hello", 1000, kIv);
  CHECK(f.decrypt(token, 1060, 60).ok());
  Result<std::string> late = f.decrypt(token, 1061, 60);
  REQUIRE_FALSE(late.ok());
  CHECK(late.error().message.find("expired") != std::string::npos);
  CHECK(f.decrypt(token, 1'000'000, std::nullopt).ok());  // no TTL: age does not matter
}

TEST_CASE("fernet: 60 s of clock skew is accepted, 61 s is refused") {
  Fernet f = fernet(kSpecKey);
  std::string token = f.encrypt("hello", 1060, kIv);
  CHECK(f.decrypt(token, 1000).ok());
  Result<std::string> skewed = f.decrypt(token, 999);
  REQUIRE_FALSE(skewed.ok());
  CHECK(skewed.error().message.find("future") != std::string::npos);
}

TEST_CASE("fernet: a token from another key fails the HMAC") {
  std::string other_key = Fernet::key_from_bytes(std::string(32, '\x42'));
  std::string token = fernet(other_key).encrypt("hello", 1000, kIv);
  Result<std::string> plain = fernet(kSpecKey).decrypt(token, 1000);
  REQUIRE_FALSE(plain.ok());
  CHECK(plain.error().message.find("HMAC") != std::string::npos);
}

TEST_CASE("fernet: flipping any byte of a token makes it invalid") {
  Fernet f = fernet(kSpecKey);
  std::string raw = *base64url_decode(f.encrypt("sensitive", 1000, kIv));
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string tampered = raw;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    CAPTURE(i);
    CHECK_FALSE(f.decrypt(base64url_encode(tampered), 1000).ok());
  }
}

TEST_CASE("fernet: a wrong version byte is refused before anything else") {
  Fernet f = fernet(kSpecKey);
  std::string raw = *base64url_decode(f.encrypt("hello", 1000, kIv));
  raw[0] = '\x81';
  Result<std::string> plain = f.decrypt(base64url_encode(raw), 1000);
  REQUIRE_FALSE(plain.ok());
  CHECK(plain.error().message.find("version") != std::string::npos);
}

TEST_CASE("fernet: keys must be base64url of exactly 32 bytes; errors never echo the key") {
  CHECK(Fernet::key_from_bytes(std::string(32, '\0')).size() == 44);
  CHECK(Fernet::key_from_bytes("short").empty());
  CHECK(Fernet::from_key(Fernet::key_from_bytes(std::string(32, '\x01'))).ok());
  Result<Fernet> short_key = Fernet::from_key(base64url_encode(std::string(16, 'k')));
  REQUIRE_FALSE(short_key.ok());
  CHECK(short_key.error().kind == ErrorKind::kConfig);
  CHECK(short_key.error().message.find("got 16") != std::string::npos);
  std::string not_base64 = "this-is-not+base64url/at-all-secret-material";
  Result<Fernet> bad = Fernet::from_key(not_base64);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find(not_base64) == std::string::npos);
}

TEST_CASE("fernet: the IV must be 16 bytes; the same inputs give the same token") {
  Fernet f = fernet(kSpecKey);
  CHECK(f.encrypt("hello", 1000, "short").empty());
  CHECK(f.encrypt("hello", 1000, kIv) == f.encrypt("hello", 1000, kIv));
  CHECK(f.encrypt("hello", 1000, kIv) != f.encrypt("hello", 1000, std::string(16, '\x08')));
}

}  // namespace gw
