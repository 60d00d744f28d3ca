#include "proxy/io/server_secret.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/base/string_memo.h"
#include "core/crypto/crypto.h"
#include "proxy/io/paths.h"
#include "proxy/io/random.h"

namespace gw {
namespace {

Result<std::shared_ptr<const ServerSecret>> from_key(const std::string& key, const std::string& where) {
  auto fernet = Fernet::from_key(key);
  if (!fernet)
    return make_error(ErrorKind::kConfig, where +
                                              " is not a valid secret key (expected the base64url of 32 bytes, "
                                              "44 characters; make one with: openssl rand -base64 32 | tr '+/' '-_')");
  auto lookup = std::make_shared<const HmacKey>(hmac_sha256_raw(key, "gw api key lookup v1"));
  auto secret = std::make_shared<ServerSecret>(ServerSecret{std::move(fernet).value(), std::move(lookup)});
  return std::shared_ptr<const ServerSecret>(std::move(secret));
}

Result<std::string> read_or_create(const std::string& path) {
  std::ifstream in(path);
  if (in) {
    std::stringstream ss;
    ss << in.rdbuf();
    std::string key = ss.str();
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r' || key.back() == ' ')) key.pop_back();
    return key;
  }
  if (auto st = make_dirs(std::filesystem::path(path).parent_path().string()); !st) return st.error();
  std::string key = Fernet::key_from_bytes(random_bytes(32));
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return read_or_create(path);  // another gw created it first
    return make_error(ErrorKind::kIo, "cannot create " + path + ": " + std::strerror(errno));
  }
  std::string line = key + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return make_error(ErrorKind::kIo, "cannot write " + path);
  return key;
}

}  // namespace

std::string ServerSecret::seal(std::string_view api_key, int64_t now_unix_s) const {
  return fernet.encrypt(api_key, now_unix_s, random_bytes(16));
}

std::string ServerSecret::lookup_hash(std::string_view api_key) const {
  // Each request hashes its key; the same few keys come back every time, so
  // each thread remembers its recent ones (per lookup key).
  thread_local StringMemo<64> recent;
  return recent.get(lookup_mac->id(), api_key, [this](std::string_view k) { return lookup_mac->hex(k); });
}

Result<std::shared_ptr<const ServerSecret>> load_server_secret(const std::string& configured_key,
                                                               const std::string& db_path, const EnvLookup& getenv) {
  if (const char* env = getenv ? getenv("GW_SECRET_KEY") : nullptr; env && *env) return from_key(env, "GW_SECRET_KEY");
  if (!configured_key.empty()) return from_key(configured_key, "[server] secret_key");
  if (db_path.empty() || db_path == ":memory:") return from_key(Fernet::key_from_bytes(random_bytes(32)), "generated");
  std::string path = (std::filesystem::path(db_path).parent_path() / "secret.key").string();
  if (std::filesystem::path(db_path).parent_path().empty()) path = "secret.key";
  auto key = read_or_create(path);
  if (!key) return key.error();
  return from_key(*key, path);
}

}  // namespace gw
