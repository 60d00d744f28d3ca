// system_random.cc - the process's RandomSource: one generator per thread,
// seeded from the OS, so no lock is taken. Thread-safe.
#include <random>

#include "core/telemetry/trace_context.h"

namespace gw {
namespace {

class SystemRandom final : public RandomSource {
 public:
  uint64_t next_u64() override {
    thread_local std::mt19937_64 rng{(uint64_t{std::random_device{}()} << 32) ^ std::random_device{}()};
    return rng();
  }
};

}  // namespace

RandomSource& system_random() {
  static SystemRandom random;
  return random;
}

}  // namespace gw
