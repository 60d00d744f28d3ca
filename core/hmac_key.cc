#include "core/hmac_key.h"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

#include "core/crypto.h"

namespace gw {
namespace {

constexpr size_t kBlock = 64;  // SHA-256 block size
constexpr size_t kDigest = 32;

EVP_MD_CTX* ctx(void* p) { return static_cast<EVP_MD_CTX*>(p); }

EVP_MD_CTX* padded_state(const std::array<unsigned char, kBlock>& key, unsigned char pad) {
  std::array<unsigned char, kBlock> block;
  for (size_t i = 0; i < kBlock; ++i) block[i] = key[i] ^ pad;
  EVP_MD_CTX* c = EVP_MD_CTX_new();
  if (!c || EVP_DigestInit_ex(c, EVP_sha256(), nullptr) != 1 || EVP_DigestUpdate(c, block.data(), kBlock) != 1)
    throw std::runtime_error("HmacKey: OpenSSL could not start SHA-256");
  return c;
}

// Copies `state`, absorbs `data` and finishes into `out` (kDigest bytes).
void finish(const EVP_MD_CTX* state, EVP_MD_CTX* scratch, const void* data, size_t size, unsigned char* out) {
  unsigned int len = 0;
  if (EVP_MD_CTX_copy_ex(scratch, state) != 1 || EVP_DigestUpdate(scratch, data, size) != 1 ||
      EVP_DigestFinal_ex(scratch, out, &len) != 1 || len != kDigest)
    throw std::runtime_error("HmacKey: SHA-256 failed");
}

// One scratch context per thread, reused across calls.
struct Scratch {
  EVP_MD_CTX* c = EVP_MD_CTX_new();
  ~Scratch() { EVP_MD_CTX_free(c); }
};

}  // namespace

HmacKey::HmacKey(std::string_view key) {
  // RFC 2104: a key longer than the block is hashed first; then zero-padded.
  std::array<unsigned char, kBlock> k{};
  std::string hashed;
  if (key.size() > kBlock) {
    hashed = sha256_raw(key);
    key = hashed;
  }
  for (size_t i = 0; i < key.size(); ++i) k[i] = static_cast<unsigned char>(key[i]);
  inner_ = padded_state(k, 0x36);
  outer_ = padded_state(k, 0x5c);
}

HmacKey::~HmacKey() {
  EVP_MD_CTX_free(ctx(inner_));
  EVP_MD_CTX_free(ctx(outer_));
}

std::string HmacKey::hex(std::string_view message) const {
  thread_local Scratch scratch;
  unsigned char inner[kDigest], mac[kDigest];
  finish(ctx(inner_), scratch.c, message.data(), message.size(), inner);
  finish(ctx(outer_), scratch.c, inner, kDigest, mac);
  return hex_encode(std::string_view(reinterpret_cast<const char*>(mac), kDigest));
}

}  // namespace gw
