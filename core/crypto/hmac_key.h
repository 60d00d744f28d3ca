// hmac_key.h - HMAC-SHA256 under one fixed key, for the hot path (API key
// lookup hashes on every request). The key's inner and outer SHA-256
// states are computed once; each MAC then copies them (two plain structs)
// and finishes two SHA-256 hashes: no OpenSSL algorithm fetch, key setup
// or context allocation per call. Same bytes as hmac_sha256_hex(key,
// message) in crypto.h.
//
// Thread-safety: const members may be called from many threads at once
// (each call works on its own copies of the precomputed states).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace gw {

class HmacKey {
 public:
  explicit HmacKey(std::string_view key);
  HmacKey(const HmacKey&) = delete;
  HmacKey& operator=(const HmacKey&) = delete;

  // HMAC-SHA256(key, message) as 64 lowercase hex characters.
  std::string hex(std::string_view message) const;
  // Unique to this object for the life of the process (never 0): names this
  // key in caches of its MACs.
  uint64_t id() const { return id_; }

 private:
  // A SHA-256 state (OpenSSL's SHA256_CTX; its type stays out of headers),
  // after absorbing key ^ ipad and key ^ opad.
  using State = std::array<uint64_t, 14>;
  State inner_;
  State outer_;
  uint64_t id_;
};

}  // namespace gw
