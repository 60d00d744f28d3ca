// The real Clock, over std::chrono. Thread-safe (its one setting, the
// sleeper, is atomic).
#include <atomic>
#include <chrono>
#include <thread>

#include "core/base/clock.h"

namespace gw {
namespace {

void thread_sleep(int64_t ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

std::atomic<Sleeper> sleeper{&thread_sleep};

class SystemClock final : public Clock {
 public:
  int64_t now_unix_ms() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
  int64_t steady_ns() const override {
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
  }
  void sleep_ms(int64_t ms) override {
    if (ms > 0) sleeper.load(std::memory_order_relaxed)(ms);
  }
};

}  // namespace

void set_system_sleeper(Sleeper s) { sleeper.store(s ? s : &thread_sleep); }

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

}  // namespace gw
