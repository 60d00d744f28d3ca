// rate_limit_store.cc - contracts in rate_limit_store.h.
#include "core/limits/rate_limit_store.h"

#include <algorithm>

namespace gw {

int64_t WindowCount::add(int64_t start_ms, int64_t length_ms, int64_t amount) {
  if (start_ms < window_start_ms) return 0;  // a late correction to a window that has ended
  if (start_ms > window_start_ms || window_end_ms == 0) {
    window_start_ms = start_ms;
    window_end_ms = start_ms + length_ms;
    count = 0;
  }
  count = std::max<int64_t>(0, count + amount);
  return count;
}

}  // namespace gw
