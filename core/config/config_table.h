// config_table.h - the one table of gw's settings: every [section] key with
// where it lives in Config, its range or choices, whether it is a secret,
// and the comment the starter file gives it. config.cc's parser, renderer
// and starter file all read it, so they cannot disagree. The [section] rows
// are kept in two halves (gateway_settings.h, feature_settings.h) joined
// here in starter-file order; the rows of [providers.*], [partners.*] and
// [plans.*] tables follow. Only config.cc includes this header. Constant
// data; thread-safe.
#pragma once

#include <array>
#include <cstddef>

#include "core/config/config_setting.h"
#include "core/config/feature_settings.h"
#include "core/config/gateway_settings.h"

namespace gw::config_table {

template <size_t A, size_t B>
constexpr std::array<Setting, A + B> joined(const Setting (&first)[A], const Setting (&second)[B]) {
  std::array<Setting, A + B> out{};
  for (size_t i = 0; i < A; ++i) out[i] = first[i];
  for (size_t i = 0; i < B; ++i) out[A + i] = second[i];
  return out;
}

inline constexpr auto kSettings = joined(kGatewaySettings, kFeatureSettings);

inline constexpr ProviderSetting kProviderSettings[] = {
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

inline constexpr PartnerSetting kPartnerSettings[] = {
    {.key = "trial_days",
     .field = [](PartnerSettings& p) -> FieldRef { return &p.trial_days; },
     .doc = "Trial length in days for users who register with this partner code.",
     .min = 1,
     .max = 365},
};

inline constexpr PlanSetting kPlanSettings[] = {
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

}  // namespace gw::config_table
