// crypto primitives against published vectors: FIPS 180-2 SHA-256, RFC 4231
// HMAC-SHA256, RFC 4648 base64, plus the decoders' strictness.
#include "core/crypto/crypto.h"

#include <doctest/doctest.h>

#include <string>

namespace gw {

TEST_CASE("sha256: FIPS 180-2 vectors") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_raw("abc").size() == 32);
}

TEST_CASE("hmac_sha256: RFC 4231 test cases 1, 2 and 6") {
  CHECK(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There") ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // A key longer than the block size is hashed first.
  CHECK(hmac_sha256_hex(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First") ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("hmac_sha256: raw is the 32 bytes behind the hex, and an empty key works") {
  CHECK(hex_encode(hmac_sha256_raw("Jefe", "what do ya want for nothing?")) ==
        hmac_sha256_hex("Jefe", "what do ya want for nothing?"));
  CHECK(hmac_sha256_raw("", "").size() == 32);
  CHECK(hmac_sha256_hex("", "") == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST_CASE("hex_encode: lowercase, two digits per byte") {
  CHECK(hex_encode(std::string("\x00\x01\xab\xff", 4)) == "0001abff");
  CHECK(hex_encode("") == "");
}

TEST_CASE("base64: RFC 4648 section 10 vectors round-trip") {
  const char* vectors[][2] = {{"", ""},
                              {"f", "Zg=="},
                              {"fo", "Zm8="},
                              {"foo", "Zm9v"},
                              {"foob", "Zm9vYg=="},
                              {"fooba", "Zm9vYmE="},
                              {"foobar", "Zm9vYmFy"}};
  for (auto& v : vectors) {
    CHECK(base64_encode(v[0]) == v[1]);
    CHECK(base64url_encode(v[0]) == v[1]);
    CHECK(base64_decode(v[1]) == std::optional<std::string>(v[0]));
    CHECK(base64url_decode(v[1]) == std::optional<std::string>(v[0]));
  }
}

TEST_CASE("base64url: '-' and '_' replace '+' and '/'; unpadded drops '='") {
  std::string bytes("\xfb\xff\xbf", 3);
  CHECK(base64_encode(bytes) == "+/+/");
  CHECK(base64url_encode(bytes) == "-_-_");
  CHECK(base64url_encode_unpadded("f") == "Zg");
  CHECK(base64url_encode_unpadded("fo") == "Zm8");
  CHECK(base64url_decode("-_-_") == std::optional<std::string>(bytes));
  CHECK_FALSE(base64url_decode("+/+/"));
  CHECK_FALSE(base64_decode("-_-_"));
}

TEST_CASE("base64 decode: padding is optional but must be right when present") {
  CHECK(base64url_decode("Zg") == std::optional<std::string>("f"));
  CHECK(base64url_decode("Zm8") == std::optional<std::string>("fo"));
  CHECK_FALSE(base64url_decode("Zg="));       // half padded
  CHECK_FALSE(base64url_decode("Zm9v===="));  // padding past the data
  CHECK_FALSE(base64url_decode("Zg==Zg=="));  // padding in the middle
  CHECK_FALSE(base64url_decode("===="));
}

TEST_CASE("base64 decode: rejects foreign characters, impossible lengths and non-canonical tails") {
  CHECK_FALSE(base64_decode("Zm9v YmFy"));  // whitespace
  CHECK_FALSE(base64_decode("Zm9v\n"));
  CHECK_FALSE(base64_decode("%%%%"));
  CHECK_FALSE(base64_decode("Zm9vY"));  // 5 characters cannot encode whole bytes
  CHECK_FALSE(base64_decode("Zh=="));   // 'h' leaves non-zero bits after "f"
  CHECK_FALSE(base64_decode("Zm9="));   // '9' leaves non-zero bits after "fo"
}

TEST_CASE("constant_time_equal: equal bytes only, any length") {
  CHECK(constant_time_equal("", ""));
  CHECK(constant_time_equal("secret", "secret"));
  CHECK_FALSE(constant_time_equal("secret", "secreT"));
  CHECK_FALSE(constant_time_equal("secret", "secret2"));
  CHECK_FALSE(constant_time_equal("", "x"));
  CHECK(constant_time_equal(std::string("a\0b", 3), std::string("a\0b", 3)));
  CHECK_FALSE(constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace gw
