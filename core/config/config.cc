// config.cc - parse_config, render_config and starter_config_text, all driven
// by one table of settings (kSettings, kProviderSettings), so the parser, the
// renderer and the starter file cannot disagree about a name, type, range or
// default. toml++ exceptions stop here and become kConfig errors. No file I/O.
// Stateless; thread-safe.
#include "core/config/config.h"

#include <toml++/toml.h>

#include <cctype>
#include <climits>
#include <cstdio>
#include <variant>

#include "core/accounts/host_check.h"
#include "core/accounts/plans.h"
#include "core/accounts/request_origin.h"
#include "core/base/money.h"
#include "core/providers/provider_table.h"

namespace gw {
namespace {

// Where a setting's value lives inside the struct it belongs to.
using FieldRef =
    std::variant<std::string*, int*, int64_t*, std::optional<bool>*, bool*, Money*, std::vector<std::string>*>;

template <class Target>
struct SettingSpec {
  std::string_view section = {};  // TOML table, e.g. "server" ("" for provider tables)
  std::string_view key = {};      // e.g. "port"
  FieldRef (*field)(Target&) = nullptr;
  std::string_view doc = {};  // one comment line in the starter file
  int64_t min = 0;            // integers: inclusive range
  int64_t max = INT64_MAX;
  std::string_view choices = {};                      // strings: "a|b|c" allowed values; empty = any
  bool secret = false;                                // rendered as "***" when redacting
  Status (*check_entry)(std::string_view) = nullptr;  // string lists: checks one entry (kConfig)
};
using Setting = SettingSpec<Config>;
using ProviderSetting = SettingSpec<ProviderSettings>;
using PartnerSetting = SettingSpec<PartnerSettings>;
using PlanSetting = SettingSpec<PlanLimits>;

constexpr Setting kSettings[] = {
    {.section = "server",
     .key = "host",
     .field = [](Config& c) -> FieldRef { return &c.server.host; },
     .doc = "Address to listen on; \"0.0.0.0\" exposes gw to the whole network."},
    {.section = "server",
     .key = "port",
     .field = [](Config& c) -> FieldRef { return &c.server.port; },
     .doc = "TCP port, 0..65535 (0 = any free port).",
     .max = 65535},
    {.section = "server",
     .key = "threads",
     .field = [](Config& c) -> FieldRef { return &c.server.threads; },
     .doc = "Event-loop threads serving connections (each runs many connections as fibers); 0 = one per CPU core.",
     .max = 4096},
    {.section = "server",
     .key = "busy_poll_us",
     .field = [](Config& c) -> FieldRef { return &c.server.busy_poll_us; },
     .doc = "Microseconds an event loop keeps polling after work before it sleeps: answers that come back within it "
            "skip a thread wake-up (tens of microseconds on virtual machines), at the cost of that much CPU per pause; "
            "0 = off.",
     .max = 100000},
    {.section = "server",
     .key = "max_body_bytes",
     .field = [](Config& c) -> FieldRef { return &c.server.max_body_bytes; },
     .doc = "Largest request body accepted, in bytes (32 MiB, room for audio uploads); larger requests get 413.",
     .min = 1},
    {.section = "server",
     .key = "head_timeout_s",
     .field = [](Config& c) -> FieldRef { return &c.server.head_timeout_s; },
     .doc = "Seconds a client has to send a request's whole head (request line and headers, at most 64 KiB), however "
            "slowly it trickles in; later is 408.",
     .min = 1,
     .max = 3600},
    {.section = "server",
     .key = "body_timeout_s",
     .field = [](Config& c) -> FieldRef { return &c.server.body_timeout_s; },
     .doc = "Seconds a client has to send a request's whole body after its head (raise it for large uploads over slow "
            "links); later is 408.",
     .min = 1,
     .max = 86400},
    {.section = "server",
     .key = "shutdown_grace_s",
     .field = [](Config& c) -> FieldRef { return &c.server.shutdown_grace_s; },
     .doc = "Seconds in-flight requests get to finish after SIGTERM.",
     .max = 3600},
    {.section = "server",
     .key = "master_key",
     .field = [](Config& c) -> FieldRef { return &c.server.master_key; },
     .doc = "Admin bootstrap key (secret); the GW_MASTER_KEY variable overrides it.",
     .secret = true},
    {.section = "server",
     .key = "secret_key",
     .field = [](Config& c) -> FieldRef { return &c.server.secret_key; },
     .doc = "Key that encrypts stored API keys (base64url of 32 bytes); GW_SECRET_KEY overrides; \"\" = secret.key "
            "beside the database, made on first run.",
     .secret = true},
    {.section = "server",
     .key = "allowed_hosts",
     .field = [](Config& c) -> FieldRef { return &c.server.allowed_hosts; },
     .doc = "Host header values answered besides the bind address (and localhost, 127.0.0.1, [::1] when bound to "
            "loopback or 0.0.0.0) on the bound port, against DNS rebinding: [\"gw.example.com\"] (any port), "
            "[\"gw.example.com:8443\"], or [\"*\"] for any host behind a reverse proxy; other hosts get 403.",
     .check_entry = check_allowed_host},
    {.section = "server",
     .key = "cors_origins",
     .field = [](Config& c) -> FieldRef { return &c.server.cors_origins; },
     .doc = "Web origins whose pages may call gw from a browser, with CORS answers: [\"https://app.example.com\", "
            "\"http://localhost:5173\"]; default none (other sites' pages get 403).",
     .check_entry = check_cors_origin},
    {.section = "server",
     .key = "max_connections",
     .field = [](Config& c) -> FieldRef { return &c.server.max_connections; },
     .doc = "Most client connections open at once (default 4096); a connection past it is answered 503 and closed at "
            "once, the others are not affected.",
     .min = 1,
     .max = 1000000},
    {.section = "server",
     .key = "max_buffered_body_bytes",
     .field = [](Config& c) -> FieldRef { return &c.server.max_buffered_body_bytes; },
     .doc = "Most request-body bytes held in memory across all connections, in bytes (default 256 MiB); a request "
            "whose body would go past it gets 503 with Retry-After: 1.",
     .min = 1},
    {.section = "server",
     .key = "lane_threads",
     .field = [](Config& c) -> FieldRef { return &c.server.lane_threads; },
     .doc = "Threads that run the routes which wait on the database (/auth/*, /admin/*, webhooks, Stripe; default 16).",
     .min = 1,
     .max = 1024},
    {.section = "server",
     .key = "lane_queue",
     .field = [](Config& c) -> FieldRef { return &c.server.lane_queue; },
     .doc = "Requests of those routes that may wait for one of their threads (default 256); more get 503 with "
            "Retry-After: 1.",
     .max = 1000000},
    {.section = "auth",
     .key = "require_key",
     .field = [](Config& c) -> FieldRef { return &c.auth.require_key; },
     .doc = "false (default): loopback callers without a gw key are the local owner; true: every caller needs a key or "
            "is anonymous (:free models only)."},
    {.section = "auth",
     .key = "identity_secret",
     .field = [](Config& c) -> FieldRef { return &c.auth.identity_secret; },
     .doc = "HS256 secret of the identity provider whose signed assertions POST /auth/register and /auth/login accept; "
            "\"\" = self-registration off.",
     .secret = true},
    {.section = "limits",
     .key = "enabled",
     .field = [](Config& c) -> FieldRef { return &c.limits.enabled; },
     .doc = "true (default): the IP, key and anonymous rate-limit layers apply; false: none do."},
    {.section = "limits",
     .key = "ip_requests_per_minute",
     .field = [](Config& c) -> FieldRef { return &c.limits.ip_requests_per_minute; },
     .doc = "IP layer: requests a minute from one address without a valid key (default 300).",
     .min = 1},
    {.section = "limits",
     .key = "anonymous_requests_per_minute",
     .field = [](Config& c) -> FieldRef { return &c.limits.anonymous.requests_per_minute; },
     .doc = "Anonymous layer (no key, :free models only), per address: requests a minute; below every plan's.",
     .min = 1},
    {.section = "limits",
     .key = "anonymous_tokens_per_day",
     .field = [](Config& c) -> FieldRef { return &c.limits.anonymous.tokens_per_day; },
     .doc = "Anonymous layer: tokens per UTC day per address; below every plan's.",
     .min = 1},
    {.section = "limits",
     .key = "anonymous_tokens_per_month",
     .field = [](Config& c) -> FieldRef { return &c.limits.anonymous.tokens_per_month; },
     .doc = "Anonymous layer: tokens per UTC calendar month per address; below every plan's.",
     .min = 1},
    {.section = "limits",
     .key = "anonymous_concurrent_requests",
     .field = [](Config& c) -> FieldRef { return &c.limits.anonymous.concurrent_requests; },
     .doc = "Anonymous layer: requests in flight at once per address; below every plan's.",
     .min = 1},
    {.section = "limits",
     .key = "default_completion_tokens",
     .field = [](Config& c) -> FieldRef { return &c.limits.default_completion_tokens; },
     .doc = "Token limits count prompt + max_tokens up front; this stands in for a missing max_tokens (settled to real "
            "usage after).",
     .min = 1},
    {.section = "limits",
     .key = "velocity_window_s",
     .field = [](Config& c) -> FieldRef { return &c.limits.velocity_window_s; },
     .doc = "Velocity mode watches unauthenticated requests over this sliding window, in seconds.",
     .min = 1,
     .max = 3600},
    {.section = "limits",
     .key = "velocity_min_requests",
     .field = [](Config& c) -> FieldRef { return &c.limits.velocity_min_requests; },
     .doc = "Velocity mode needs at least this many requests in the window.",
     .min = 1,
     .max = 1000000},
    {.section = "limits",
     .key = "velocity_error_percent",
     .field = [](Config& c) -> FieldRef { return &c.limits.velocity_error_percent; },
     .doc = "Velocity mode turns on when at least this percentage of them was refused (bad key, limited).",
     .min = 1,
     .max = 100},
    {.section = "limits",
     .key = "velocity_limit_percent",
     .field = [](Config& c) -> FieldRef { return &c.limits.velocity_limit_percent; },
     .doc = "While velocity mode is on, IP and anonymous request limits are this percentage of normal.",
     .min = 1,
     .max = 100},
    {.section = "limits",
     .key = "velocity_duration_s",
     .field = [](Config& c) -> FieldRef { return &c.limits.velocity_duration_s; },
     .doc = "Seconds velocity mode stays on once triggered.",
     .min = 1,
     .max = 86400},
    {.section = "credits",
     .key = "low_balance_usd",
     .field = [](Config& c) -> FieldRef { return &c.credits.low_balance_usd; },
     .doc = "Exact decimal USD; the credits.low event fires when a balance drops below it."},
    {.section = "stripe",
     .key = "webhook_secret",
     .field = [](Config& c) -> FieldRef { return &c.stripe.webhook_secret; },
     .doc = "Stripe endpoint signing secret (whsec_...); \"\" = Stripe events are not accepted.",
     .secret = true},
    {.section = "stripe",
     .key = "tolerance_s",
     .field = [](Config& c) -> FieldRef { return &c.stripe.tolerance_s; },
     .doc = "Seconds a signed Stripe event may be old (or early) and still be accepted.",
     .min = 1,
     .max = 86400},
    {.section = "webhooks",
     .key = "max_attempts",
     .field = [](Config& c) -> FieldRef { return &c.webhooks.max_attempts; },
     .doc = "Delivery attempts per event before it is marked failed.",
     .min = 1,
     .max = 100},
    {.section = "webhooks",
     .key = "timeout_ms",
     .field = [](Config& c) -> FieldRef { return &c.webhooks.timeout_ms; },
     .doc = "Milliseconds one delivery attempt may take.",
     .min = 100,
     .max = 600000},
    {.section = "webhooks",
     .key = "backoff_base_s",
     .field = [](Config& c) -> FieldRef { return &c.webhooks.backoff_base_s; },
     .doc = "Retry n waits backoff_base_s * 2^(n-1) seconds, at most one hour.",
     .min = 1,
     .max = 3600},
    {.section = "upstream",
     .key = "connect_timeout_ms",
     .field = [](Config& c) -> FieldRef { return &c.upstream.connect_timeout_ms; },
     .doc = "Milliseconds to wait for a connection to a provider.",
     .min = 1,
     .max = INT_MAX},
    {.section = "upstream",
     .key = "read_timeout_ms",
     .field = [](Config& c) -> FieldRef { return &c.upstream.read_timeout_ms; },
     .doc = "Milliseconds a provider may send nothing before the request fails (504).",
     .min = 1,
     .max = INT_MAX},
    {.section = "breakers",
     .key = "failure_threshold",
     .field = [](Config& c) -> FieldRef { return &c.breakers.failure_threshold; },
     .doc = "Consecutive failures (5xx, timeouts, refused connections, 401/402/403) that open a provider's circuit "
            "breaker.",
     .min = 1,
     .max = 1000},
    {.section = "breakers",
     .key = "cooldown_s",
     .field = [](Config& c) -> FieldRef { return &c.breakers.cooldown_s; },
     .doc = "Seconds an open breaker skips its provider before letting one trial request through.",
     .min = 1,
     .max = 86400},
    {.section = "catalog",
     .key = "sync",
     .field = [](Config& c) -> FieldRef { return &c.catalog.sync; },
     .doc = "Refresh the catalog from each configured provider's model listing in the background (outbound calls; off "
            "by default). A failed listing keeps the last good data."},
    {.section = "catalog",
     .key = "sync_interval_s",
     .field = [](Config& c) -> FieldRef { return &c.catalog.sync_interval_s; },
     .doc = "Seconds between refreshes of one provider's model listing.",
     .min = 60,
     .max = 86400},
    {.section = "catalog",
     .key = "l1_ttl_s",
     .field = [](Config& c) -> FieldRef { return &c.catalog.l1_ttl_s; },
     .doc = "Seconds a rendered /v1/models answer is served from memory before it is rebuilt from the listings (L1).",
     .min = 1,
     .max = 86400},
    {.section = "catalog",
     .key = "l2_ttl_s",
     .field = [](Config& c) -> FieldRef { return &c.catalog.l2_ttl_s; },
     .doc = "Seconds a provider's model listing counts as fresh (L2); an older one is still served and reported stale.",
     .min = 1,
     .max = 86400},
    {.section = "health",
     .key = "active_checks",
     .field = [](Config& c) -> FieldRef { return &c.health.active_checks; },
     .doc = "Send tiny probe requests to models by usage tier (top 5% every 5 min, next 20% every 30 min, the rest "
            "every 2-4 h). Off by default: probes cost money."},
    {.section = "health",
     .key = "daily_spend_cap_usd",
     .field = [](Config& c) -> FieldRef { return &c.health.daily_spend_cap; },
     .doc = "Most that probes may cost per UTC day, in USD as an exact decimal string; a probe that would exceed it is "
            "skipped."},
    {.section = "health",
     .key = "max_tokens",
     .field = [](Config& c) -> FieldRef { return &c.health.max_tokens; },
     .doc = "Completion tokens one probe may use.",
     .min = 1,
     .max = 64},
    {.section = "health",
     .key = "cache_ttl_s",
     .field = [](Config& c) -> FieldRef { return &c.health.cache_ttl_s; },
     .doc = "Seconds the per-provider and per-model detail of /health is cached (status and incidents are always "
            "current).",
     .min = 1,
     .max = 86400},
    {.section = "log",
     .key = "level",
     .field = [](Config& c) -> FieldRef { return &c.log.level; },
     .doc = "Log level: error | warn | info | debug.",
     .choices = "error|warn|info|debug"},
    {.section = "log",
     .key = "access_log",
     .field = [](Config& c) -> FieldRef { return &c.log.access_log; },
     .doc =
         "Access log, one JSON line per request: \"\" = off, \"-\" = stderr, anything else = a file path (mode 0600)."},
    {.section = "log",
     .key = "include_bodies",
     .field = [](Config& c) -> FieldRef { return &c.log.include_bodies; },
     .doc = "Write prompts and completions into the access log (off by default: they are never logged)."},
    {.section = "telemetry",
     .key = "otlp_endpoint",
     .field = [](Config& c) -> FieldRef { return &c.telemetry.otlp_endpoint; },
     .doc = "OpenTelemetry traces, OTLP/HTTP JSON, e.g. \"http://127.0.0.1:4318/v1/traces\"; \"\" = tracing off."},
    {.section = "telemetry",
     .key = "service_name",
     .field = [](Config& c) -> FieldRef { return &c.telemetry.service_name; },
     .doc = "service.name on exported spans."},
    {.section = "telemetry",
     .key = "queue_spans",
     .field = [](Config& c) -> FieldRef { return &c.telemetry.queue_spans; },
     .doc = "Spans held for export; when the collector is slow or down, more are dropped (counted), never waited for.",
     .min = 1,
     .max = 1'000'000},
    {.section = "telemetry",
     .key = "batch_spans",
     .field = [](Config& c) -> FieldRef { return &c.telemetry.batch_spans; },
     .doc = "Spans per export request.",
     .min = 1,
     .max = 100'000},
    {.section = "telemetry",
     .key = "flush_interval_ms",
     .field = [](Config& c) -> FieldRef { return &c.telemetry.flush_interval_ms; },
     .doc = "Milliseconds before a partial batch of spans is exported.",
     .min = 1,
     .max = 600'000},
    {.section = "telemetry",
     .key = "export_timeout_ms",
     .field = [](Config& c) -> FieldRef { return &c.telemetry.export_timeout_ms; },
     .doc = "Milliseconds one export (spans or error report) may take before it is abandoned.",
     .min = 1,
     .max = 600'000},
    {.section = "telemetry",
     .key = "sentry_dsn",
     .field = [](Config& c) -> FieldRef { return &c.telemetry.sentry_dsn; },
     .doc = "Sentry-compatible DSN (https://PUBLIC_KEY@host/PROJECT_ID) for internal errors; \"\" = off.",
     .secret = true},
    {.section = "telemetry",
     .key = "sentry_max_per_minute",
     .field = [](Config& c) -> FieldRef { return &c.telemetry.sentry_max_per_minute; },
     .doc = "Error reports sent per minute at most; more are dropped.",
     .min = 1,
     .max = 10'000},
    {.section = "db",
     .key = "path",
     .field = [](Config& c) -> FieldRef { return &c.db_path; },
     .doc = "SQLite database file; \"\" = $XDG_DATA_HOME/gw/gw.db (--db and GW_DB override)."},
};

constexpr ProviderSetting kProviderSettings[] = {
    {.key = "api_key",
     .field = [](ProviderSettings& p) -> FieldRef { return &p.api_key; },
     .doc = "Literal API key (secret); prefer api_key_env.",
     .secret = true},
    {.key = "api_key_env",
     .field = [](ProviderSettings& p) -> FieldRef { return &p.api_key_env; },
     .doc = "Environment variable that holds the key; default: the provider table's."},
    {.key = "base_url",
     .field = [](ProviderSettings& p) -> FieldRef { return &p.base_url; },
     .doc = "Base URL override; default: the provider table's."},
    {.key = "enabled",
     .field = [](ProviderSettings& p) -> FieldRef { return &p.enabled; },
     .doc = "Force the provider on (true) or off (false); default: on when it has a key."},
};

constexpr PartnerSetting kPartnerSettings[] = {
    {.key = "trial_days",
     .field = [](PartnerSettings& p) -> FieldRef { return &p.trial_days; },
     .doc = "Trial length in days for users who register with this partner code.",
     .min = 1,
     .max = 365},
};

constexpr PlanSetting kPlanSettings[] = {
    {.key = "requests_per_minute",
     .field = [](PlanLimits& p) -> FieldRef { return &p.requests_per_minute; },
     .doc = "Requests a minute per key on this plan; default: the plan table's.",
     .min = 1},
    {.key = "tokens_per_day",
     .field = [](PlanLimits& p) -> FieldRef { return &p.tokens_per_day; },
     .doc = "Tokens a UTC day per key on this plan.",
     .min = 1},
    {.key = "tokens_per_month",
     .field = [](PlanLimits& p) -> FieldRef { return &p.tokens_per_month; },
     .doc = "Tokens a UTC calendar month per key on this plan.",
     .min = 1},
    {.key = "concurrent_requests",
     .field = [](PlanLimits& p) -> FieldRef { return &p.concurrent_requests; },
     .doc = "Requests in flight at once per key on this plan.",
     .min = 1},
};

Error config_error(const toml::node& at, const std::string& what) {
  return make_error(ErrorKind::kConfig, what + " (line " + std::to_string(at.source().begin.line) + ")");
}

// Stores `node` into the field `spec` names, checking type, range and choices.
template <class Target>
Status read_setting(const SettingSpec<Target>& spec, const std::string& name, const toml::node& node, Target& target) {
  FieldRef ref = spec.field(target);
  if (auto* str = std::get_if<std::string*>(&ref)) {
    const auto* value = node.as_string();
    if (!value) return config_error(node, "setting '" + name + "' must be a string");
    if (!spec.choices.empty()) {
      std::string padded = "|" + std::string(spec.choices) + "|";
      if (padded.find("|" + value->get() + "|") == std::string::npos) {
        return config_error(node, "setting '" + name + "' must be one of " + std::string(spec.choices) + ", not '" +
                                      value->get() + "'");
      }
    }
    **str = value->get();
  } else if (std::holds_alternative<std::optional<bool>*>(ref) || std::holds_alternative<bool*>(ref)) {
    const auto* value = node.as_boolean();
    if (!value) return config_error(node, "setting '" + name + "' must be true or false");
    if (auto* flag = std::get_if<std::optional<bool>*>(&ref)) **flag = value->get();
    else *std::get<bool*>(ref) = value->get();
  } else if (auto* list = std::get_if<std::vector<std::string>*>(&ref)) {
    const auto* array = node.as_array();
    if (!array) return config_error(node, "setting '" + name + "' must be an array of strings, such as [\"a\", \"b\"]");
    (*list)->clear();
    for (const toml::node& item : *array) {
      const auto* value = item.as_string();
      if (!value)
        return config_error(item, "setting '" + name + "' must be an array of strings, such as [\"a\", \"b\"]");
      if (spec.check_entry)
        if (Status st = spec.check_entry(value->get()); !st) return config_error(item, st.error().message);
      (*list)->push_back(value->get());
    }
  } else if (auto* money = std::get_if<Money*>(&ref)) {
    const auto* value = node.as_string();
    auto amount = value ? Money::parse(value->get()) : std::nullopt;
    if (!amount || *amount < Money())
      return config_error(node, "setting '" + name + "' must be a decimal string of US dollars such as \"0.10\"");
    **money = *amount;
  } else {
    const auto* value = node.as_integer();
    std::string range = spec.max == INT64_MAX ? "at least " + std::to_string(spec.min)
                                              : std::to_string(spec.min) + ".." + std::to_string(spec.max);
    if (!value) return config_error(node, "setting '" + name + "' must be an integer (" + range + ")");
    int64_t n = value->get();
    if (n < spec.min || n > spec.max) {
      return config_error(node, "setting '" + name + "' must be " + range + ", not " + std::to_string(n));
    }
    if (auto* i = std::get_if<int*>(&ref)) **i = static_cast<int>(n);
    if (auto* i64 = std::get_if<int64_t*>(&ref)) **i64 = n;
  }
  return ok_status();
}

Status read_section(const std::string& section, const toml::node& node, Config& config) {
  bool known = false;
  for (const Setting& s : kSettings) known = known || s.section == section;
  if (!known) return config_error(node, "unknown section '" + section + "'");
  const toml::table* table = node.as_table();
  if (!table) return config_error(node, "'" + section + "' must be a table ([" + section + "])");
  for (auto&& [key, value] : *table) {
    std::string name = section + "." + std::string(key.str());
    const Setting* spec = nullptr;
    for (const Setting& s : kSettings) {
      if (s.section == section && s.key == key.str()) spec = &s;
    }
    if (!spec) return config_error(value, "unknown setting '" + name + "'");
    if (Status st = read_setting(*spec, name, value, config); !st.ok()) return st;
  }
  return ok_status();
}

// [<section>.<name>] tables (providers, partners): each table's keys are
// read through `specs`; `entry` checks the name and returns where it goes
// (or an error naming the problem).
template <class Target, size_t N, class Entry>
Status read_named_tables(const toml::node& node, std::string_view section, const SettingSpec<Target> (&specs)[N],
                         const Entry& entry) {
  const toml::table* tables = node.as_table();
  if (!tables)
    return config_error(
        node, "'" + std::string(section) + "' must be a table of [" + std::string(section) + ".<name>] tables");
  for (auto&& [name, table_node] : *tables) {
    std::string prefix = std::string(section) + "." + std::string(name.str());
    const toml::table* table = table_node.as_table();
    if (!table) return config_error(table_node, "'" + prefix + "' must be a table ([" + prefix + "])");
    Result<Target*> target = entry(name.str(), table_node, prefix);
    if (!target) return target.error();
    for (auto&& [key, value] : *table) {
      std::string setting = prefix + "." + std::string(key.str());
      const SettingSpec<Target>* spec = nullptr;
      for (const auto& s : specs) {
        if (s.key == key.str()) spec = &s;
      }
      if (!spec) return config_error(value, "unknown setting '" + setting + "'");
      if (Status st = read_setting(*spec, setting, value, **target); !st.ok()) return st;
    }
  }
  return ok_status();
}

Status read_providers(const toml::node& node, Config& config) {
  return read_named_tables(
      node, "providers", kProviderSettings,
      [&](std::string_view slug, const toml::node& at, const std::string& prefix) -> Result<ProviderSettings*> {
        if (!find_provider(slug))
          return config_error(at, "unknown provider '" + std::string(slug) + "' in [" + prefix +
                                      "] (gw models list --all shows the providers)");
        return &config.providers[std::string(slug)];
      });
}

// Partner codes are stored upper case and matched case-insensitively.
std::string upper(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

Status read_partners(const toml::node& node, Config& config) {
  return read_named_tables(
      node, "partners", kPartnerSettings,
      [&](std::string_view code, const toml::node& at, const std::string& prefix) -> Result<PartnerSettings*> {
        bool ok = !code.empty() && code.size() <= 64;
        for (char ch : code) ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-');
        if (!ok)
          return config_error(at, "partner code '" + std::string(code) + "' in [" + prefix +
                                      "] must be 1..64 letters, digits, '_' or '-'");
        if (config.partners.count(upper(code)))
          return config_error(at, "partner code '" + std::string(code) + "' appears twice");
        return &config.partners[upper(code)];
      });
}

// A plan's table starts from the built-in limits; only the keys given change.
Status read_plans(const toml::node& node, Config& config) {
  return read_named_tables(
      node, "plans", kPlanSettings,
      [&](std::string_view name, const toml::node& at, const std::string& prefix) -> Result<PlanLimits*> {
        auto id = parse_plan(name);
        if (!id)
          return config_error(
              at, "unknown plan '" + std::string(name) + "' in [" + prefix + "] (plans: trial, dev, team, enterprise)");
        return &config.plan_limits.emplace(std::string(name), plan(*id).limits).first->second;
      });
}

// Anonymous callers must stay below every plan (core/limits/limit_layers.h).
Status check_anonymous_limits(const Config& config) {
  const PlanLimits& anonymous = config.limits.anonymous;
  struct Field {
    const char* name;
    int64_t PlanLimits::*member;
  };
  constexpr Field kFields[] = {{"anonymous_requests_per_minute", &PlanLimits::requests_per_minute},
                               {"anonymous_tokens_per_day", &PlanLimits::tokens_per_day},
                               {"anonymous_tokens_per_month", &PlanLimits::tokens_per_month},
                               {"anonymous_concurrent_requests", &PlanLimits::concurrent_requests}};
  for (const Field& f : kFields) {
    for (const Plan& p : plans()) {
      const PlanLimits& limits = effective_plan_limits(config, p.id);
      if (anonymous.*f.member >= limits.*f.member)
        return make_error(ErrorKind::kConfig, "setting 'limits." + std::string(f.name) + "' must be below the " +
                                                  std::string(p.name) + " plan's " + std::to_string(limits.*f.member) +
                                                  " (anonymous callers get less than any plan)");
    }
  }
  return ok_status();
}

// A TOML basic string literal for `s` (escapes quotes, backslashes, controls).
std::string quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char ch : s) {
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (ch < 0x20 || ch == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", ch);
          out += buf;
        } else {
          out += static_cast<char>(ch);
        }
    }
  }
  return out + "\"";
}

// A table key: bare when it only uses A-Z a-z 0-9 _ -, else quoted.
std::string toml_key(std::string_view key) {
  bool bare = !key.empty();
  for (char ch : key) {
    bare = bare && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-');
  }
  return bare ? std::string(key) : quote(key);
}

// "key = value"; empty when the field is unset (an optional without a value).
template <class Target>
std::string render_setting(const SettingSpec<Target>& spec, Target& target, bool redact) {
  FieldRef ref = spec.field(target);
  std::string value;
  if (auto* str = std::get_if<std::string*>(&ref)) {
    value = quote(redact && spec.secret && !(*str)->empty() ? "***" : **str);
  } else if (auto* flag = std::get_if<std::optional<bool>*>(&ref)) {
    if (!(*flag)->has_value()) return "";
    value = **(*flag) ? "true" : "false";
  } else if (auto* on = std::get_if<bool*>(&ref)) {
    value = **on ? "true" : "false";
  } else if (auto* list = std::get_if<std::vector<std::string>*>(&ref)) {
    value = "[";
    for (const std::string& item : **list) value += (value.size() > 1 ? ", " : "") + quote(item);
    value += "]";
  } else if (auto* money = std::get_if<Money*>(&ref)) {
    value = quote((*money)->to_string());
  } else if (auto* i = std::get_if<int*>(&ref)) {
    value = std::to_string(**i);
  } else {
    value = std::to_string(*std::get<int64_t*>(ref));
  }
  return std::string(spec.key) + " = " + value;
}

// Every [<section>.<name>] table of `tables`, for render_config.
template <class Target, size_t N, class Compare>
std::string render_named_tables(std::string_view section, const SettingSpec<Target> (&specs)[N],
                                std::map<std::string, Target, Compare>& tables, bool redact) {
  std::string out;
  for (auto& [name, target] : tables) {
    out += "\n[" + std::string(section) + "." + toml_key(name) + "]\n";
    for (const auto& s : specs) {
      std::string line = render_setting(s, target, redact);
      if (!line.empty()) out += line + "\n";
    }
  }
  return out;
}

}  // namespace

Result<Config> parse_config(std::string_view toml_text) {
  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    return make_error(ErrorKind::kConfig, "invalid TOML: " + std::string(e.description()) + " (line " +
                                              std::to_string(e.source().begin.line) + ", column " +
                                              std::to_string(e.source().begin.column) + ")");
  }
  Config config;
  for (auto&& [key, node] : root) {
    std::string section(key.str());
    Status st = section == "providers"  ? read_providers(node, config)
                : section == "partners" ? read_partners(node, config)
                : section == "plans"    ? read_plans(node, config)
                                        : read_section(section, node, config);
    if (!st.ok()) return st.error();
  }
  if (auto st = check_anonymous_limits(config); !st) return st.error();
  auto low = Money::parse(config.credits.low_balance_usd);
  if (!low || *low < Money{})
    return make_error(ErrorKind::kConfig,
                      "setting 'credits.low_balance_usd' must be a non-negative decimal amount "
                      "such as \"1.00\", not '" +
                          config.credits.low_balance_usd + "'");
  return config;
}

std::string render_config(const Config& config, bool redact) {
  Config copy = config;  // the field table hands out mutable references
  std::string out;
  std::string_view section;
  for (const Setting& s : kSettings) {
    if (s.section != section) {
      out += (section.empty() ? "[" : "\n[") + std::string(s.section) + "]\n";
      section = s.section;
    }
    out += render_setting(s, copy, redact) + "\n";
  }
  out += render_named_tables("providers", kProviderSettings, copy.providers, redact);
  out += render_named_tables("partners", kPartnerSettings, copy.partners, redact);
  out += render_named_tables("plans", kPlanSettings, copy.plan_limits, redact);
  return out;
}

const PlanLimits& effective_plan_limits(const Config& config, PlanId id) {
  const Plan& p = plan(id);
  if (config.plan_limits.empty()) return p.limits;
  auto it = config.plan_limits.find(p.name);
  return it == config.plan_limits.end() ? p.limits : it->second;
}

const PartnerSettings* find_partner(const Config& config, std::string_view code) {
  auto it = config.partners.find(upper(code));
  return it == config.partners.end() ? nullptr : &it->second;
}

std::string starter_config_text() {
  Config defaults;
  std::string out =
      "# gw configuration. Every setting is optional: each one is shown commented\n"
      "# out with its built-in default. Unknown settings are errors, so a typo is\n"
      "# reported instead of ignored. This file is found via --config, $GW_CONFIG\n"
      "# or $XDG_CONFIG_HOME/gw/config.toml; `gw config show` prints what gw uses.\n";
  std::string_view section;
  for (const Setting& s : kSettings) {
    if (s.section != section) {
      out += "\n[" + std::string(s.section) + "]\n";
      section = s.section;
    }
    out += "# " + std::string(s.doc) + "\n#" + render_setting(s, defaults, false) + "\n";
  }
  ProviderSettings example;
  example.api_key_env = "OPENAI_API_KEY";
  example.base_url = "https://api.openai.com/v1";
  example.enabled = true;
  out +=
      "\n# One table per upstream provider, named by its slug (`gw models` lists\n"
      "# them). Providers need no table when their key is in the usual variable.\n"
      "#[providers.openai]\n";
  for (const ProviderSetting& s : kProviderSettings) {
    out += "# " + std::string(s.doc) + "\n#" + render_setting(s, example, false) + "\n";
  }
  PartnerSettings partner;
  out +=
      "\n# Partner codes: new users who register (POST /auth/register) with\n"
      "# partner_code REDBEARD get this trial instead of the plan's 3 days.\n"
      "#[partners.REDBEARD]\n";
  for (const PartnerSetting& s : kPartnerSettings) {
    out += "# " + std::string(s.doc) + "\n#" + render_setting(s, partner, false) + "\n";
  }
  out +=
      "\n# A plan's per-key limits on this server (trial, dev, team, enterprise);\n"
      "# keys left out keep the built-in plan's value, shown here for enterprise.\n"
      "#[plans.enterprise]\n";
  PlanLimits enterprise = plan(PlanId::kEnterprise).limits;
  for (const PlanSetting& s : kPlanSettings) {
    out += "# " + std::string(s.doc) + "\n#" + render_setting(s, enterprise, false) + "\n";
  }
  return out;
}

}  // namespace gw
