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
#include <vector>

#include "core/base/money.h"
#include "core/base/result.h"
#include "core/cache/cache_settings.h"
#include "core/cassette/cassette_settings.h"
#include "core/catalog/catalog_settings.h"
#include "core/health/breaker_settings.h"
#include "core/limits/limit_settings.h"
#include "core/providers/provider_settings.h"
#include "core/router/router_settings.h"

namespace gw {

struct ServerSettings {
  std::string host = "127.0.0.1";     // bind address; default loopback only
  int port = 8080;                    // default 8080
  int threads = 0;                    // event-loop threads; 0 = one per CPU core
  int busy_poll_us = 100;             // loops poll up to this long after work before they block; 0 = off
  int64_t max_body_bytes = 32 << 20;  // default 32 MiB (audio uploads); larger requests get 413
  int head_timeout_s = 30;            // whole request head (line + headers) must arrive within; else 408
  int body_timeout_s = 60;            // whole request body must arrive within, after its head; else 408
  int shutdown_grace_s = 30;          // seconds in-flight requests get on SIGTERM
  std::string master_key;             // admin bootstrap key; GW_MASTER_KEY overrides; secret
  std::string secret_key;             // Fernet key protecting API keys at rest; GW_SECRET_KEY
                                      // overrides; "" = secret.key next to the database; secret
  // Host header values answered besides the bind address (and, bound to
  // loopback or 0.0.0.0, localhost/127.0.0.1/[::1]) on the bound port:
  // "name" (any port), "name:port", "*" = any (behind a reverse proxy).
  // Default none. See core/accounts/host_check.h.
  std::vector<std::string> allowed_hosts;
  // Web origins ("https://app.example.com") whose pages may call gw from a
  // browser (CORS); default none: only same-origin browser requests.
  // See core/accounts/request_origin.h.
  std::vector<std::string> cors_origins;
  // Resource limits (docs/limits.md).
  int max_connections = 4096;  // open client connections; past it a new one gets a 503 and is closed
  int64_t max_buffered_body_bytes = int64_t{256} << 20;  // default 256 MiB: request body bytes held
                                                         // across all connections; past it 503 + Retry-After
  int lane_threads = 16;  // threads for routes that wait on the database (auth, admin, webhooks)
  int lane_queue = 256;   // such requests waiting for a thread; past it 503 + Retry-After
};

struct AuthSettings {
  std::optional<bool> require_key;  // default false: loopback callers without a gw key act as
                                    // the local owner; true: they need a key (or are anonymous)
  std::string identity_secret;      // HS256 secret of the identity provider whose signed
                                    // assertions POST /auth/register and /auth/login accept;
                                    // "" = self-registration is off; secret
};

// A partner code (a [partners.<CODE>] table): new users who register with it
// get a longer trial.
struct PartnerSettings {
  int64_t trial_days = 14;  // trial length instead of the plan's 3 days; 1..365
};

struct CreditSettingsConfig {
  std::string low_balance_usd = "1.00";  // credits.low fires below this; exact decimal USD
};

struct StripeSettings {
  std::string webhook_secret;  // "whsec_..." signing secret; "" = Stripe webhooks refused; secret
  int tolerance_s = 300;       // largest accepted age of a signed event, seconds
};

struct WebhookSettings {
  int max_attempts = 8;     // deliveries tried per event before it is marked failed
  int timeout_ms = 5000;    // per delivery attempt
  int backoff_base_s = 10;  // retry n waits base * 2^(n-1) seconds, capped at 1 hour
};

struct UpstreamSettings {
  int connect_timeout_ms = 5000;  // default 5 s
  int read_timeout_ms = 120000;   // default 120 s without a byte from the provider
  // PEM file of the CAs trusted for https providers instead of the system's
  // (a corporate TLS inspection proxy, a test CA). Default "": the system's.
  std::string ca_file;
  // https through libcurl with HTTP/2 (ALPN; many requests on one connection)
  // instead of gw's own HTTP/1.1 client over OpenSSL. Default off: gw's own
  // client adds less latency and memory per request (docs/serve.md).
  bool http2 = false;
};

// Active health checks (see core/health/health_schedule.h) and the /health cache.
struct HealthSettings {
  bool active_checks = false;  // probe models in tiers by usage; default off (probes cost money)
  // daily_spend_cap_usd: what probes may cost per UTC day, exact fixed point
  // (a decimal string in the file). Default "0.10" ($0.10).
  Money daily_spend_cap = Money::from_units(Money::kUnitsPerDollar / 10);
  int max_tokens = 1;     // completion tokens one probe may use
  int cache_ttl_s = 360;  // provider/model detail of /health is recomputed at most this often (6 min)
};

struct LogSettings {
  std::string level = "info";   // error | warn | info | debug
  std::string access_log = "";  // "" = off, "-" = stderr, else a file path
  bool include_bodies = false;  // default false: prompts and completions are never logged
  // Default false: prompts and answers are not stored. True keeps each
  // request's bodies (capped like the access log's) in the database for the
  // dashboard's request view, for body_retention_days (default 7) days.
  bool store_bodies = false;
  int body_retention_days = 7;
};

struct ChatSettings {
  std::string model;  // gw chat's model when neither -m nor $GW_MODEL names one; "" = mock/echo
};

struct TelemetrySettings {
  std::string otlp_endpoint;        // OTLP/HTTP traces URL, e.g. http://127.0.0.1:4318/v1/traces; "" = off
  std::string service_name = "gw";  // service.name of exported spans
  int queue_spans = 4096;           // spans waiting for export; more are dropped and counted
  int batch_spans = 512;            // spans per export request
  int flush_interval_ms = 1000;     // default 1 s between exports of a partial batch
  int export_timeout_ms = 5000;     // default 5 s per export request
  std::string sentry_dsn;           // Sentry-compatible DSN for error reports; "" = off
  int sentry_max_per_minute = 10;   // error reports sent per minute at most; more are dropped
};

// Several instances sharing state (docs/scale-out.md): rate-limit counters
// and circuit breakers in Redis.
struct RedisSettings {
  std::string url;      // "redis://host:port[/db]"; "" = counters and breakers in this process
  int timeout_ms = 50;  // one Redis call (connect, write, answer) at most; then the fallback
  int retry_ms = 2000;  // after a failure Redis is skipped this long, then probed again
};

struct Config {
  ServerSettings server;
  UpstreamSettings upstream;
  BreakerSettings breakers;
  RouterSettings router;  // [router]: the router:* models (docs/routers.md)
  CatalogSettings catalog;
  HealthSettings health;
  LogSettings log;
  ChatSettings chat;
  AuthSettings auth;
  CreditSettingsConfig credits;
  StripeSettings stripe;
  WebhookSettings webhooks;
  LimitSettings limits;
  TelemetrySettings telemetry;
  CacheSettings cache;
  RedisSettings redis;
  std::string database_url;          // [database] url: "postgres://..."; "" = SQLite
  int database_lease_requests = 32;  // [database] lease_requests: a balance lease is this many holds; 0 = none
  int database_lease_ttl_s = 60;     // [database] lease_ttl_s: a lease not renewed this long is released
  CassetteSettings cassette;         // [cassette]: record/replay matching (docs/cassettes.md)
  std::string db_path;               // "" = $XDG_DATA_HOME/gw/gw.db
  ProviderSettingsMap providers;     // by provider slug
  std::map<std::string, PartnerSettings> partners;             // by partner code, upper case
  std::map<std::string, PlanLimits, std::less<>> plan_limits;  // [plans.<name>] overrides, by plan name
};

// The partner table entry for `code` (case-insensitive), or null.
// A plan's limits on this server: its [plans.<name>] table over the
// built-in plan table (core/accounts/plans.h).
const PlanLimits& effective_plan_limits(const Config& config, PlanId plan);

const PartnerSettings* find_partner(const Config& config, std::string_view code);

// Parses TOML text. Unknown keys are errors (kConfig) naming the key, so a
// typo never silently falls back to a default. Empty text = all defaults.
Result<Config> parse_config(std::string_view toml_text);

// Renders the effective configuration as TOML. With redact, secrets
// (api_key, master_key) print as "***" (or "" when unset).
std::string render_config(const Config& config, bool redact);

// The commented starter file `gw config init` writes.
std::string starter_config_text();

}  // namespace gw
