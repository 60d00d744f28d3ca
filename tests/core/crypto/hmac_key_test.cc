// HmacKey must give exactly HMAC-SHA256: RFC 4231 vectors and agreement with
// the one-shot hmac_sha256_hex for short, block-sized and long keys.
#include "core/crypto/hmac_key.h"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "core/crypto/crypto.h"

namespace gw {

TEST_CASE("HmacKey: RFC 4231 test cases 1, 2 and 6 (a key longer than the block)") {
  CHECK(HmacKey(std::string(20, '\x0b')).hex("Hi There") ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  CHECK(HmacKey("Jefe").hex("what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(HmacKey(std::string(131, '\xaa')).hex("Test Using Larger Than Block-Size Key - Hash Key First") ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("HmacKey agrees with hmac_sha256_hex for every key length around the block size, and when reused") {
  for (size_t n : {0, 1, 31, 63, 64, 65, 200}) {
    std::string key(n, 'k');
    HmacKey h(key);
    for (const std::string& msg : {std::string(), std::string("gw_live_abc"), std::string(1000, 'm')})
      CHECK(h.hex(msg) == hmac_sha256_hex(key, msg));
  }
}

TEST_CASE("HmacKey may be used from several threads at once") {
  HmacKey h("shared secret");
  const std::string want = hmac_sha256_hex("shared secret", "gw_live_key");
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) wrong[t] += h.hex("gw_live_key") != want;
    });
  for (auto& th : threads) th.join();
  for (int w : wrong) CHECK(w == 0);
}

TEST_CASE("every HmacKey has its own non-zero id, so caches of its MACs never mix two keys") {
  HmacKey a("same"), b("same");
  CHECK(a.id() != 0);
  CHECK(b.id() != 0);
  CHECK(a.id() != b.id());
}

}  // namespace gw
