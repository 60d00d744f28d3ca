// breaker_settings.h - the [breakers] settings of a provider's circuit
// breaker (core/health/circuit_breaker.h). Plain value type; part of gw's Config
// (core/config/config.h), which parses it.
#pragma once

#include <cstdint>

namespace gw {

struct BreakerSettings {
  int failure_threshold = 5;  // consecutive failures that open a provider's breaker
  int cooldown_s = 300;       // seconds an open breaker waits before a trial request
};

}  // namespace gw
