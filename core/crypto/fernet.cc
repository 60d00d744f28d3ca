#include "core/crypto/fernet.h"

#include <openssl/evp.h>

#include <memory>

#include "core/crypto/crypto.h"

namespace gw {
namespace {

constexpr uint8_t kVersion = 0x80;
constexpr size_t kKeyBytes = 32;
constexpr size_t kIvBytes = 16;
constexpr size_t kBlockBytes = 16;
constexpr size_t kMacBytes = 32;
constexpr size_t kHeaderBytes = 1 + 8 + kIvBytes;  // version | timestamp | IV

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// AES-128-CBC with PKCS7 padding. nullopt when decryption finds bad padding.
std::optional<std::string> aes128_cbc(bool encrypt, std::string_view key, std::string_view iv, std::string_view in) {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx || EVP_CipherInit_ex(ctx.get(), EVP_aes_128_cbc(), nullptr, bytes(key), bytes(iv), encrypt ? 1 : 0) != 1)
    return std::nullopt;
  std::string out(in.size() + kBlockBytes, '\0');
  int len = 0, tail = 0;
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_CipherUpdate(ctx.get(), dst, &len, bytes(in), static_cast<int>(in.size())) != 1) return std::nullopt;
  if (EVP_CipherFinal_ex(ctx.get(), dst + len, &tail) != 1) return std::nullopt;
  out.resize(static_cast<size_t>(len + tail));
  return out;
}

Error invalid_token(std::string why) {
  return make_error(ErrorKind::kUnauthorized, "invalid Fernet token: " + std::move(why), "invalid_token");
}

void append_be64(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

uint64_t read_be64(std::string_view in) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(in[i]);
  return v;
}

}  // namespace

Result<Fernet> Fernet::from_key(std::string_view base64url_key) {
  std::optional<std::string> raw = base64url_decode(base64url_key);
  if (!raw)
    return make_error(ErrorKind::kConfig,
                      "Fernet key is not valid base64url (expected 44 characters encoding 32 bytes)",
                      "invalid_fernet_key");
  if (raw->size() != kKeyBytes)
    return make_error(ErrorKind::kConfig, "Fernet key must encode 32 bytes, got " + std::to_string(raw->size()),
                      "invalid_fernet_key");
  return Fernet(raw->substr(0, 16), raw->substr(16, 16));
}

std::string Fernet::key_from_bytes(std::string_view raw32) {
  return raw32.size() == kKeyBytes ? base64url_encode(raw32) : std::string();
}

std::string Fernet::encrypt(std::string_view plaintext, int64_t now_unix_s, std::string_view iv16) const {
  if (iv16.size() != kIvBytes) return {};
  std::optional<std::string> ciphertext = aes128_cbc(true, encryption_key_, iv16, plaintext);
  if (!ciphertext) return {};
  std::string token;
  token.reserve(kHeaderBytes + ciphertext->size() + kMacBytes);
  token += static_cast<char>(kVersion);
  append_be64(token, static_cast<uint64_t>(now_unix_s));
  token += iv16;
  token += *ciphertext;
  token += hmac_sha256_raw(signing_key_, token);
  return base64url_encode(token);
}

Result<std::string> Fernet::decrypt(std::string_view token, int64_t now_unix_s, std::optional<int64_t> ttl_s) const {
  // The steps and their order follow the spec's "Verifying" section.
  std::optional<std::string> raw = base64url_decode(token);
  if (!raw) return invalid_token("not base64url");
  std::string_view data = *raw;
  if (data.size() < kHeaderBytes + kMacBytes) return invalid_token("too short");
  if (static_cast<uint8_t>(data[0]) != kVersion) return invalid_token("unknown version");
  // Padding always adds at least one byte, so there is at least one block.
  size_t ciphertext_bytes = data.size() - kHeaderBytes - kMacBytes;
  if (ciphertext_bytes == 0 || ciphertext_bytes % kBlockBytes != 0)
    return invalid_token("ciphertext is not a whole number of AES blocks");

  // Unsigned arithmetic: a stamp may be anything up to 2^64-1. Times before
  // 1970 and negative TTLs count as 0.
  uint64_t stamp = read_be64(data.substr(1, 8));
  uint64_t now = now_unix_s < 0 ? 0 : static_cast<uint64_t>(now_unix_s);
  if (stamp > now + kMaxClockSkewS) return invalid_token("timestamp is too far in the future");
  if (ttl_s && stamp + static_cast<uint64_t>(*ttl_s < 0 ? 0 : *ttl_s) < now) return invalid_token("expired");

  std::string_view signed_part = data.substr(0, data.size() - kMacBytes);
  if (!constant_time_equal(hmac_sha256_raw(signing_key_, signed_part), data.substr(data.size() - kMacBytes)))
    return invalid_token("HMAC does not match (wrong key or tampered token)");

  std::string_view iv = data.substr(9, kIvBytes);
  std::string_view ciphertext = signed_part.substr(kHeaderBytes);
  std::optional<std::string> plaintext = aes128_cbc(false, encryption_key_, iv, ciphertext);
  if (!plaintext) return invalid_token("bad padding");
  return *std::move(plaintext);
}

}  // namespace gw
