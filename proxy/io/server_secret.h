// server_secret.h - the secret that protects API keys at rest: keys are
// stored as Fernet tokens under it and found by an HMAC-SHA256 of the key
// under a lookup key derived from it (lookup never decrypts).
//
// Where it comes from, first match wins:
//   $GW_SECRET_KEY, else [server] secret_key in the config (a Fernet key:
//   base64url of 32 bytes), else the file `secret.key` next to the database,
//   created with mode 0600 from 32 random bytes on first use.
// Losing the secret makes stored keys unusable (their hashes no longer
// match); the file is never rewritten once it exists.
// Thread-safety: a ServerSecret is immutable after load.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/base/result.h"
#include "core/crypto/fernet.h"
#include "core/crypto/hmac_key.h"

namespace gw {

struct ServerSecret {
  Fernet fernet;  // encrypts keys at rest
  // HMAC key for key lookup hashes (derived; secret), precomputed for the
  // hot path: lookup_hash() == key_lookup_hash(derived key, api_key).
  std::shared_ptr<const HmacKey> lookup_mac;

  // Encrypts a key for storage (random IV, stamped now).
  std::string seal(std::string_view api_key, int64_t now_unix_s) const;
  // The lookup hash of a key as presented by a client.
  std::string lookup_hash(std::string_view api_key) const;
};

using EnvLookup = std::function<const char*(const char*)>;

// Loads (or creates) the secret as documented above. `db_path` locates the
// file; ":memory:" or "" keeps a process-lifetime random secret instead.
Result<std::shared_ptr<const ServerSecret>> load_server_secret(const std::string& configured_key,
                                                               const std::string& db_path, const EnvLookup& getenv);

}  // namespace gw
