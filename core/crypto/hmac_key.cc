// hmac_key.cc - contracts in hmac_key.h.
//
// The states are OpenSSL's SHA256_CTX, through the low-level SHA256_*
// functions. OpenSSL 3 marks those deprecated in favour of EVP, but EVP
// cannot copy a digest state without its per-call provider overhead
// (EVP_MD_CTX_copy_ex, ~470 instructions, twice a MAC); the low-level
// functions are plain struct copies plus the same hardware-accelerated
// block function. callgrind: 7.2k -> 5.0k instructions per MAC.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "core/crypto/hmac_key.h"

#include <openssl/sha.h>

#include <atomic>
#include <cstring>

#include "core/crypto/crypto.h"

namespace gw {
namespace {

constexpr size_t kBlock = 64;  // SHA-256 block size
constexpr size_t kDigest = 32;

static_assert(sizeof(SHA256_CTX) <= sizeof(std::array<uint64_t, 14>), "HmacKey::State holds a SHA256_CTX");

SHA256_CTX* ctx(void* state) { return static_cast<SHA256_CTX*>(state); }

// A state that has absorbed `key` ^ `pad`, one block.
void padded_state(const unsigned char (&key)[kBlock], unsigned char pad, void* state) {
  unsigned char block[kBlock];
  for (size_t i = 0; i < kBlock; ++i) block[i] = key[i] ^ pad;
  SHA256_Init(ctx(state));
  SHA256_Update(ctx(state), block, kBlock);
}

std::atomic<uint64_t> next_id{1};

}  // namespace

HmacKey::HmacKey(std::string_view key) : id_(next_id.fetch_add(1, std::memory_order_relaxed)) {
  // RFC 2104: a key longer than the block is hashed first; then zero-padded.
  unsigned char k[kBlock] = {};
  std::string hashed;
  if (key.size() > kBlock) {
    hashed = sha256_raw(key);
    key = hashed;
  }
  std::memcpy(k, key.data(), key.size());
  padded_state(k, 0x36, inner_.data());
  padded_state(k, 0x5c, outer_.data());
}

std::string HmacKey::hex(std::string_view message) const {
  State state = inner_;
  unsigned char inner[kDigest], mac[kDigest];
  SHA256_Update(ctx(state.data()), message.data(), message.size());
  SHA256_Final(inner, ctx(state.data()));
  state = outer_;
  SHA256_Update(ctx(state.data()), inner, kDigest);
  SHA256_Final(mac, ctx(state.data()));
  return hex_encode(std::string_view(reinterpret_cast<const char*>(mac), kDigest));
}

}  // namespace gw
