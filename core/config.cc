// config.cc - parse_config, render_config and starter_config_text, all driven
// by one table of settings (kSettings, kProviderSettings), so the parser, the
// renderer and the starter file cannot disagree about a name, type, range or
// default. toml++ exceptions stop here and become kConfig errors. No file I/O.
// Stateless; thread-safe.
#include "core/config.h"

#include "core/provider_table.h"

#include <toml++/toml.h>

#include <cctype>
#include <climits>
#include <cstdio>
#include <variant>

namespace gw {
namespace {

// Where a setting's value lives inside the struct it belongs to.
using FieldRef = std::variant<std::string*, int*, int64_t*, std::optional<bool>*, bool*>;

template <class Target>
struct SettingSpec {
  std::string_view section = {};  // TOML table, e.g. "server" ("" for provider tables)
  std::string_view key = {};      // e.g. "port"
  FieldRef (*field)(Target&) = nullptr;
  std::string_view doc = {};      // one comment line in the starter file
  int64_t min = 0;                // integers: inclusive range
  int64_t max = INT64_MAX;
  std::string_view choices = {};  // strings: "a|b|c" allowed values; empty = any
  bool secret = false;            // rendered as "***" when redacting
};
using Setting = SettingSpec<Config>;
using ProviderSetting = SettingSpec<ProviderSettings>;

constexpr Setting kSettings[] = {
    {.section = "server", .key = "host", .field = [](Config& c) -> FieldRef { return &c.server.host; },
     .doc = "Address to listen on; \"0.0.0.0\" exposes gw to the whole network."},
    {.section = "server", .key = "port", .field = [](Config& c) -> FieldRef { return &c.server.port; },
     .doc = "TCP port, 0..65535 (0 = any free port).", .max = 65535},
    {.section = "server", .key = "threads", .field = [](Config& c) -> FieldRef { return &c.server.threads; },
     .doc = "Worker threads; 0 = automatic (256).", .max = 4096},
    {.section = "server", .key = "max_body_bytes", .field = [](Config& c) -> FieldRef { return &c.server.max_body_bytes; },
     .doc = "Largest request body accepted, in bytes (32 MiB, room for audio uploads); larger requests get 413.", .min = 1},
    {.section = "server", .key = "shutdown_grace_s", .field = [](Config& c) -> FieldRef { return &c.server.shutdown_grace_s; },
     .doc = "Seconds in-flight requests get to finish after SIGTERM.", .max = 3600},
    {.section = "server", .key = "master_key", .field = [](Config& c) -> FieldRef { return &c.server.master_key; },
     .doc = "Admin bootstrap key (secret); the GW_MASTER_KEY variable overrides it.", .secret = true},
    {.section = "upstream", .key = "connect_timeout_ms", .field = [](Config& c) -> FieldRef { return &c.upstream.connect_timeout_ms; },
     .doc = "Milliseconds to wait for a connection to a provider.", .min = 1, .max = INT_MAX},
    {.section = "upstream", .key = "read_timeout_ms", .field = [](Config& c) -> FieldRef { return &c.upstream.read_timeout_ms; },
     .doc = "Milliseconds a provider may send nothing before the request fails (504).", .min = 1, .max = INT_MAX},
    {.section = "breakers", .key = "failure_threshold", .field = [](Config& c) -> FieldRef { return &c.breakers.failure_threshold; },
     .doc = "Consecutive failures (5xx, timeouts, refused connections, 401/402/403) that open a provider's circuit breaker.", .min = 1, .max = 1000},
    {.section = "breakers", .key = "cooldown_s", .field = [](Config& c) -> FieldRef { return &c.breakers.cooldown_s; },
     .doc = "Seconds an open breaker skips its provider before letting one trial request through.", .min = 1, .max = 86400},
    {.section = "log", .key = "level", .field = [](Config& c) -> FieldRef { return &c.log.level; },
     .doc = "Log level: error | warn | info | debug.", .choices = "error|warn|info|debug"},
    {.section = "log", .key = "access_log", .field = [](Config& c) -> FieldRef { return &c.log.access_log; },
     .doc = "Access log, one JSON line per request: \"\" = off, \"-\" = stderr, anything else = a file path (mode 0600)."},
    {.section = "log", .key = "include_bodies", .field = [](Config& c) -> FieldRef { return &c.log.include_bodies; },
     .doc = "Write prompts and completions into the access log (off by default: they are never logged)."},
    {.section = "telemetry", .key = "otlp_endpoint", .field = [](Config& c) -> FieldRef { return &c.telemetry.otlp_endpoint; },
     .doc = "OpenTelemetry traces, OTLP/HTTP JSON, e.g. \"http://127.0.0.1:4318/v1/traces\"; \"\" = tracing off."},
    {.section = "telemetry", .key = "service_name", .field = [](Config& c) -> FieldRef { return &c.telemetry.service_name; },
     .doc = "service.name on exported spans."},
    {.section = "telemetry", .key = "queue_spans", .field = [](Config& c) -> FieldRef { return &c.telemetry.queue_spans; },
     .doc = "Spans held for export; when the collector is slow or down, more are dropped (counted), never waited for.", .min = 1, .max = 1'000'000},
    {.section = "telemetry", .key = "batch_spans", .field = [](Config& c) -> FieldRef { return &c.telemetry.batch_spans; },
     .doc = "Spans per export request.", .min = 1, .max = 100'000},
    {.section = "telemetry", .key = "flush_interval_ms", .field = [](Config& c) -> FieldRef { return &c.telemetry.flush_interval_ms; },
     .doc = "Milliseconds before a partial batch of spans is exported.", .min = 1, .max = 600'000},
    {.section = "telemetry", .key = "export_timeout_ms", .field = [](Config& c) -> FieldRef { return &c.telemetry.export_timeout_ms; },
     .doc = "Milliseconds one export (spans or error report) may take before it is abandoned.", .min = 1, .max = 600'000},
    {.section = "telemetry", .key = "sentry_dsn", .field = [](Config& c) -> FieldRef { return &c.telemetry.sentry_dsn; },
     .doc = "Sentry-compatible DSN (https://PUBLIC_KEY@host/PROJECT_ID) for internal errors; \"\" = off.", .secret = true},
    {.section = "telemetry", .key = "sentry_max_per_minute", .field = [](Config& c) -> FieldRef { return &c.telemetry.sentry_max_per_minute; },
     .doc = "Error reports sent per minute at most; more are dropped.", .min = 1, .max = 10'000},
    {.section = "db", .key = "path", .field = [](Config& c) -> FieldRef { return &c.db_path; },
     .doc = "SQLite database file; \"\" = $XDG_DATA_HOME/gw/gw.db (--db and GW_DB override)."},
};

constexpr ProviderSetting kProviderSettings[] = {
    {.key = "api_key", .field = [](ProviderSettings& p) -> FieldRef { return &p.api_key; },
     .doc = "Literal API key (secret); prefer api_key_env.", .secret = true},
    {.key = "api_key_env", .field = [](ProviderSettings& p) -> FieldRef { return &p.api_key_env; },
     .doc = "Environment variable that holds the key; default: the provider table's."},
    {.key = "base_url", .field = [](ProviderSettings& p) -> FieldRef { return &p.base_url; },
     .doc = "Base URL override; default: the provider table's."},
    {.key = "enabled", .field = [](ProviderSettings& p) -> FieldRef { return &p.enabled; },
     .doc = "Force the provider on (true) or off (false); default: on when it has a key."},
};

Error config_error(const toml::node& at, const std::string& what) {
  return make_error(ErrorKind::kConfig, what + " (line " + std::to_string(at.source().begin.line) + ")");
}

// Stores `node` into the field `spec` names, checking type, range and choices.
template <class Target>
Status read_setting(const SettingSpec<Target>& spec, const std::string& name, const toml::node& node,
                    Target& target) {
  FieldRef ref = spec.field(target);
  if (auto* str = std::get_if<std::string*>(&ref)) {
    const auto* value = node.as_string();
    if (!value) return config_error(node, "setting '" + name + "' must be a string");
    if (!spec.choices.empty()) {
      std::string padded = "|" + std::string(spec.choices) + "|";
      if (padded.find("|" + value->get() + "|") == std::string::npos) {
        return config_error(node, "setting '" + name + "' must be one of " + std::string(spec.choices) +
                                      ", not '" + value->get() + "'");
      }
    }
    **str = value->get();
  } else if (std::holds_alternative<std::optional<bool>*>(ref) || std::holds_alternative<bool*>(ref)) {
    const auto* value = node.as_boolean();
    if (!value) return config_error(node, "setting '" + name + "' must be true or false");
    if (auto* flag = std::get_if<bool*>(&ref)) **flag = value->get();
    else *std::get<std::optional<bool>*>(ref) = value->get();
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

Status read_providers(const toml::node& node, Config& config) {
  const toml::table* providers = node.as_table();
  if (!providers) return config_error(node, "'providers' must be a table of [providers.<slug>] tables");
  for (auto&& [slug, table_node] : *providers) {
    std::string prefix = "providers." + std::string(slug.str());
    const toml::table* table = table_node.as_table();
    if (!table) return config_error(table_node, "'" + prefix + "' must be a table ([" + prefix + "])");
    if (!find_provider(slug.str()))
      return config_error(table_node, "unknown provider '" + std::string(slug.str()) + "' in [" + prefix +
                                          "] (gw models list --all shows the providers)");
    ProviderSettings& provider = config.providers[std::string(slug.str())];
    for (auto&& [key, value] : *table) {
      std::string name = prefix + "." + std::string(key.str());
      const ProviderSetting* spec = nullptr;
      for (const ProviderSetting& s : kProviderSettings) {
        if (s.key == key.str()) spec = &s;
      }
      if (!spec) return config_error(value, "unknown setting '" + name + "'");
      if (Status st = read_setting(*spec, name, value, provider); !st.ok()) return st;
    }
  }
  return ok_status();
}

// A TOML basic string literal for `s` (escapes quotes, backslashes, controls).
std::string quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char ch : s) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
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
  } else if (auto* b = std::get_if<bool*>(&ref)) {
    value = **b ? "true" : "false";
  } else if (auto* i = std::get_if<int*>(&ref)) {
    value = std::to_string(**i);
  } else {
    value = std::to_string(*std::get<int64_t*>(ref));
  }
  return std::string(spec.key) + " = " + value;
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
    Status st = section == "providers" ? read_providers(node, config) : read_section(section, node, config);
    if (!st.ok()) return st.error();
  }
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
  for (auto& [slug, provider] : copy.providers) {
    out += "\n[providers." + toml_key(slug) + "]\n";
    for (const ProviderSetting& s : kProviderSettings) {
      std::string line = render_setting(s, provider, redact);
      if (!line.empty()) out += line + "\n";
    }
  }
  return out;
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
  return out;
}

}  // namespace gw
