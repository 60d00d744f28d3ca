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
#include "core/config/config_table.h"
#include "core/providers/provider_table.h"

namespace gw {
namespace {

using namespace config_table;

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
  } else if (auto* decimal = std::get_if<double*>(&ref)) {
    std::optional<double> value = node.value<double>();  // a TOML float or integer
    std::string range = std::to_string(spec.min) + ".." + std::to_string(spec.max);
    if (!value || !(*value >= static_cast<double>(spec.min) && *value <= static_cast<double>(spec.max)))
      return config_error(node, "setting '" + name + "' must be a number from " + range);
    **decimal = *value;
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
    bool subsection = false;  // [cache.semantic] inside [cache]
    for (const Setting& s : kSettings) subsection = subsection || s.section == name;
    if (subsection) {
      if (Status st = read_section(name, value, config); !st.ok()) return st;
      continue;
    }
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
  } else if (auto* decimal = std::get_if<double*>(&ref)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", **decimal);
    value = buf;
    if (value.find_first_of(".eE") == std::string::npos) value += ".0";  // a TOML float
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
  if (config.cache.semantic.enabled && config.cache.semantic.model.empty())
    return make_error(ErrorKind::kConfig,
                      "setting 'cache.semantic.model' is required when cache.semantic.enabled is true: name the "
                      "embedding model, as a client sends it to /v1/embeddings (e.g. \"mock/embed-words\")");
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
