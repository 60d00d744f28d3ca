// fake_random.h - a RandomSource for tests: 1, 2, 3, ... so trace, span and
// event ids are predictable ("0100000000000000" is the first span id).
// Thread-safe (atomic counter).
#pragma once

#include <atomic>
#include <cstdint>

#include "core/telemetry/trace_context.h"

namespace gw {

class CountingRandom : public RandomSource {
 public:
  uint64_t next_u64() override { return ++n_; }

 private:
  std::atomic<uint64_t> n_{0};
};

}  // namespace gw
