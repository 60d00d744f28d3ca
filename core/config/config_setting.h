// config_setting.h - the shape of one row of gw's settings table
// (config_table.h): which [section] key, where its value lives, its range or
// choices, whether it is a secret, its starter-file comment. Only the
// config table's files include it. Constant data; thread-safe.
#pragma once

#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/base/money.h"
#include "core/base/result.h"
#include "core/config/config.h"

namespace gw::config_table {

// Where a setting's value lives inside the struct it belongs to.
using FieldRef =
    std::variant<std::string*, int*, int64_t*, std::optional<bool>*, bool*, Money*, std::vector<std::string>*, double*>;

template <class Target>
struct SettingSpec {
  std::string_view section = {};  // TOML table, e.g. "server" ("" for provider tables)
  std::string_view key = {};      // e.g. "port"
  FieldRef (*field)(Target&) = nullptr;
  std::string_view doc = {};  // one comment line in the starter file
  int64_t min = 0;            // integers and decimals: inclusive range
  int64_t max = INT64_MAX;
  std::string_view choices = {};                      // strings: "a|b|c" allowed values; empty = any
  bool secret = false;                                // rendered as "***" when redacting
  Status (*check_entry)(std::string_view) = nullptr;  // string lists: checks one entry (kConfig)
};
using Setting = SettingSpec<Config>;
using ProviderSetting = SettingSpec<ProviderSettings>;
using PartnerSetting = SettingSpec<PartnerSettings>;
using PlanSetting = SettingSpec<PlanLimits>;

}  // namespace gw::config_table
