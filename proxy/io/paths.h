// paths.h - where gw's files live, and loading the config file.
//
//   config: --config, else $GW_CONFIG, else $XDG_CONFIG_HOME/gw/config.toml
//           (XDG_CONFIG_HOME defaults to ~/.config)
//   db:     --db, else $GW_DB, else [database] url, else [db] path in config, else
//           $XDG_DATA_HOME/gw/gw.db (XDG_DATA_HOME defaults to ~/.local/share)
//
// Reads the environment and the file system; not for core/. Thread-compatible.
#pragma once

#include <string>

#include "core/base/result.h"
#include "core/config/config.h"

namespace gw {

std::string default_config_path();  // XDG location of config.toml
std::string default_data_dir();     // XDG location of gw's data directory
// The config file to use: `explicit_path` if non-empty, else default_config_path().
std::string config_path(const std::string& explicit_path);
// The database to use, in the order documented above.
std::string db_path(const std::string& explicit_path, const Config& config);

// Loads the config file. A missing file at the default location means "all
// defaults"; a missing file that was asked for explicitly is an error
// (kConfig). Parse errors carry the file name and line.
Result<Config> load_config(const std::string& explicit_path);

// Creates `dir` and its parents (mode 0700 for new directories).
Status make_dirs(const std::string& dir);

}  // namespace gw
