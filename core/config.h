// config.h - gw's settings, every one with a built-in default, so no file is
// needed. Parsed from TOML text (core does no file I/O; the caller reads the
// file). Thread-compatible value type.
//
// Example config.toml:
//   [server]
//   host = "127.0.0.1"
//   port = 8080
//   [providers.openai]
//   api_key_env = "OPENAI_API_KEY"
//   base_url = "https://api.openai.com/v1"
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gw {

struct ServerSettings {
  std::string host = "127.0.0.1";     // bind address; default loopback only
  int port = 8080;                    // default 8080
  int threads = 0;                    // worker threads; 0 = automatic (256)
  int64_t max_body_bytes = 32 << 20;  // default 32 MiB (audio uploads); larger requests get 413
  int shutdown_grace_s = 30;          // seconds in-flight requests get on SIGTERM
  std::string master_key;             // admin bootstrap key; GW_MASTER_KEY overrides; secret
};

struct UpstreamSettings {
  int connect_timeout_ms = 5000;   // default 5 s
  int read_timeout_ms = 120000;    // default 120 s without a byte from the provider
};

struct BreakerSettings {
  int failure_threshold = 5;   // consecutive failures that open a provider's breaker
  int cooldown_s = 300;        // seconds an open breaker waits before a trial request
};

struct ProviderSettings {
  std::string api_key;               // literal key (secret); prefer api_key_env
  std::string api_key_env;           // variable to read the key from; default: the table's
  std::string base_url;              // override the table's base URL
  std::optional<bool> enabled;       // force on/off; default: on when it has a key
};

struct LogSettings {
  std::string level = "info";        // error | warn | info | debug
  std::string access_log = "";       // "" = off, "-" = stderr, else a file path
  bool include_bodies = false;       // default false: prompts and completions are never logged
};

struct TelemetrySettings {
  std::string otlp_endpoint;         // OTLP/HTTP traces URL, e.g. http://127.0.0.1:4318/v1/traces; "" = off
  std::string service_name = "gw";   // service.name of exported spans
  int queue_spans = 4096;            // spans waiting for export; more are dropped and counted
  int batch_spans = 512;             // spans per export request
  int flush_interval_ms = 1000;      // default 1 s between exports of a partial batch
  int export_timeout_ms = 5000;      // default 5 s per export request
  std::string sentry_dsn;            // Sentry-compatible DSN for error reports; "" = off
  int sentry_max_per_minute = 10;    // error reports sent per minute at most; more are dropped
};

struct Config {
  ServerSettings server;
  UpstreamSettings upstream;
  BreakerSettings breakers;
  LogSettings log;
  TelemetrySettings telemetry;
  std::string db_path;               // "" = $XDG_DATA_HOME/gw/gw.db
  std::map<std::string, ProviderSettings> providers;  // by provider slug
};

// Parses TOML text. Unknown keys are errors (kConfig) naming the key, so a
// typo never silently falls back to a default. Empty text = all defaults.
Result<Config> parse_config(std::string_view toml_text);

// Renders the effective configuration as TOML. With redact, secrets
// (api_key, master_key) print as "***" (or "" when unset).
std::string render_config(const Config& config, bool redact);

// The commented starter file `gw config init` writes.
std::string starter_config_text();

}  // namespace gw
