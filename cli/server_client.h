// server_client.h - how management commands reach a running `gw serve`:
// its admin API over HTTP. The URL is --url, else http://<server.host>:<server.port>
// from the config; the key is --key, else GW_MASTER_KEY, else
// [server] master_key. Single-threaded.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "cli/app_context.h"
#include "core/base/result.h"

namespace CLI {
class App;
}

namespace gw {

struct ServerTarget {
  std::string url;  // "" = from the config
  std::string key;  // "" = from the environment / config
};

// Error.code of the kUnavailable error call_server returns when no server
// answers (so a command can fall back to the database).
inline constexpr std::string_view kServerUnreachable = "server_unreachable";

// The server's base URL, without a trailing slash: --url, else
// http://<server.host>:<server.port> from the config (0.0.0.0 asked as
// 127.0.0.1).
Result<std::string> server_url(AppContext& ctx, const ServerTarget& target);

// Sends one admin request; returns the JSON body of a 2xx answer, or the
// server's error (its message and kind), or kUnavailable with code
// kServerUnreachable when no server answers at the URL. `read_timeout_ms`
// bounds the wait for the answer (default 10 s; longer for calls that do slow
// work, such as a catalog sync).
Result<nlohmann::json> call_server(AppContext& ctx, const ServerTarget& target, const std::string& method,
                                   const std::string& path, const std::string& body = "", int read_timeout_ms = 10000);

// --url, --key and --json for a command that only a running server can
// answer (no database fallback), e.g. gw breakers, gw audit, gw cache.
void add_server_options(CLI::App* cmd, ServerTarget& target, bool& json);

}  // namespace gw
