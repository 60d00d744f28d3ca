// paths.cc - XDG locations for gw's files and reading the config file.
// Reads the environment on every call (nothing cached), so tests can change
// it. Thread-compatible: getenv is not safe against a concurrent setenv.
#include "proxy/io/paths.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace gw {
namespace {

// The variable's value, or "" when unset.
std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// $HOME; else the password database's home; else "." as a last resort.
std::string home_dir() {
  std::string home = env_or_empty("HOME");
  if (!home.empty()) return home;
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir && *pw->pw_dir) return pw->pw_dir;
  return ".";
}

// An XDG base directory: $var when it is set to an absolute path (the XDG
// spec says relative values are invalid and must be ignored), else
// $HOME/<fallback>.
std::string xdg_dir(const char* var, const char* fallback) {
  std::string dir = env_or_empty(var);
  if (!dir.empty() && dir[0] == '/') return dir;
  return home_dir() + "/" + fallback;
}

Error io_error(const std::string& what, const std::string& path, int err) {
  return make_error(ErrorKind::kIo, what + " " + path + ": " + std::strerror(err));
}

}  // namespace

std::string default_config_path() { return xdg_dir("XDG_CONFIG_HOME", ".config") + "/gw/config.toml"; }

std::string default_data_dir() { return xdg_dir("XDG_DATA_HOME", ".local/share") + "/gw"; }

std::string config_path(const std::string& explicit_path) {
  // $GW_CONFIG is folded into explicit_path by the CLI (GlobalOptions).
  return explicit_path.empty() ? default_config_path() : explicit_path;
}

std::string db_path(const std::string& explicit_path, const Config& config) {
  if (!explicit_path.empty()) return explicit_path;
  if (std::string env = env_or_empty("GW_DB"); !env.empty()) return env;
  if (!config.database_url.empty()) return config.database_url;  // postgres://...
  if (!config.db_path.empty()) return config.db_path;
  return default_data_dir() + "/gw.db";
}

Result<Config> load_config(const std::string& explicit_path) {
  const std::string path = config_path(explicit_path);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT && explicit_path.empty()) return Config{};
    if (err == ENOENT) return make_error(ErrorKind::kConfig, "config file " + path + " does not exist");
    return io_error("cannot open", path, err);
  }
  std::string text;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return io_error("cannot read", path, err);
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  Result<Config> config = parse_config(text);
  if (!config.ok()) return make_error(ErrorKind::kConfig, path + ": " + config.error().message);
  return config;
}

Status make_dirs(const std::string& dir) {
  if (dir.empty()) return ok_status();
  // Create each prefix ending before a '/', then `dir` itself.
  for (size_t pos = dir.find('/', 1);; pos = dir.find('/', pos + 1)) {
    std::string prefix = dir.substr(0, pos);
    if (::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) {
      int err = errno;
      return io_error("cannot create", prefix, err);
    }
    if (pos == std::string::npos) break;
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    int err = errno;
    return io_error("cannot create", dir, err);
  }
  if (!S_ISDIR(st.st_mode)) return io_error("cannot create", dir, ENOTDIR);
  return ok_status();
}

}  // namespace gw
