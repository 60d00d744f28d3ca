// cmd_config.cc - `gw config init|path|show`: create, locate and print the
// configuration file. Writes only to ctx.out / ctx.err. Single-threaded.
#include <fcntl.h>
#include <sys/stat.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "cli/command_table.h"
#include "core/config/config.h"
#include "core/http/http_url.h"
#include "core/json/json_parse.h"
#include "proxy/io/paths.h"

namespace gw {
namespace {

struct ConfigOptions {
  bool force = false;  // init: overwrite an existing file (default: refuse)
  bool json = false;   // show: print JSON instead of TOML (default: TOML)
};

Error io_error(const std::string& what, const std::string& path, int err) {
  return make_error(ErrorKind::kIo, what + " " + path + ": " + std::strerror(err));
}

// The directory part of `path`; "" when it has none.
std::string parent_dir(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Writes `text` to `path`, leaving it mode 0600 (it may hold keys). Without
// `overwrite` an existing file is a kUsage error; O_EXCL makes the check and
// the create one step.
Status write_private_file(const std::string& path, const std::string& text, bool overwrite) {
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (overwrite ? O_TRUNC : O_EXCL);
  int fd = ::open(path.c_str(), flags, 0600);
  if (fd < 0) {
    int err = errno;
    if (err != EEXIST) return io_error("cannot create", path, err);
    return make_error(ErrorKind::kUsage, "config file " + path + " already exists; use --force to overwrite it");
  }
  if (::fchmod(fd, 0600) != 0) {  // an overwritten file keeps its old mode otherwise
    int err = errno;
    ::close(fd);
    return io_error("cannot set permissions on", path, err);
  }
  for (size_t done = 0; done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return io_error("cannot write", path, err);
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    int err = errno;
    return io_error("cannot write", path, err);
  }
  return ok_status();
}

// Writes the starter file to the config path, creating its directory.
int run_config_init(AppContext& ctx, const ConfigOptions& opts) {
  const std::string path = config_path(ctx.globals.config_path);
  if (Status st = make_dirs(parent_dir(path)); !st.ok()) return report_error(ctx, st.error());
  if (Status st = write_private_file(path, starter_config_text(), opts.force); !st.ok()) {
    return report_error(ctx, st.error());
  }
  *ctx.out << "wrote " << path << "\n";
  return 0;
}

// Prints "config: <path>" and "db: <path>". A config file that does not exist
// yet counts as defaults here, so this works before `gw config init`.
int run_config_path(AppContext& ctx) {
  const std::string path = config_path(ctx.globals.config_path);
  *ctx.out << "config: " << path << "\n";
  Config config;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    Result<Config> loaded = load_config(ctx.globals.config_path);
    if (!loaded.ok()) return report_error(ctx, loaded.error());
    config = std::move(loaded).value();
  }
  *ctx.out << "db: " << url_without_password(db_path(ctx.globals.db_path, config)) << "\n";
  return 0;
}

// Prints the effective configuration (file + defaults + the resolved database
// path) with secrets redacted, as TOML or JSON.
int run_config_show(AppContext& ctx, const ConfigOptions& opts) {
  Result<Config> config = load_config(ctx.globals.config_path);
  if (!config.ok()) return report_error(ctx, config.error());
  config->db_path = db_path(ctx.globals.db_path, *config);
  const std::string text = render_config(*config, /*redact=*/true);
  if (!opts.json) {
    *ctx.out << text;
    return 0;
  }
  try {
    // Through nlohmann, so this JSON is laid out like every other --json of gw.
    std::ostringstream json_text;
    json_text << toml::json_formatter{toml::parse(text)};
    *ctx.out << parse_json(json_text.str()).dump(2) << "\n";
  } catch (const toml::parse_error& e) {  // render_config emits valid TOML; a bug if not
    return report_error(ctx, make_error(ErrorKind::kInternal,
                                        std::string("rendered config is not TOML: ") + std::string(e.description())));
  }
  return 0;
}

}  // namespace

CLI::App* setup_config_command(CLI::App& parent, AppContext& ctx) {
  auto opts = std::make_shared<ConfigOptions>();
  auto* cmd = parent.add_subcommand("config", "Create, locate and show the configuration file");
  cmd->require_subcommand(1);

  auto* init = cmd->add_subcommand("init", "Write a commented starter config file (mode 0600)");
  init->add_flag("--force", opts->force, "Overwrite an existing config file");
  init->callback([&ctx, opts] { ctx.exit_code = run_config_init(ctx, *opts); });

  auto* path = cmd->add_subcommand("path", "Print where the config file and database live");
  path->callback([&ctx] { ctx.exit_code = run_config_path(ctx); });

  auto* show = cmd->add_subcommand("show", "Print the effective configuration, secrets redacted");
  show->add_flag("--json", opts->json, "Print JSON instead of TOML");
  show->callback([&ctx, opts] { ctx.exit_code = run_config_show(ctx, *opts); });
  return cmd;
}

}  // namespace gw
