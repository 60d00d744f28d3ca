// token_count.cc - see token_count.h.
#include "core/dialects/token_count.h"

#include <algorithm>

namespace gw {

int64_t reported_token_count(const nlohmann::json& v) {
  constexpr int64_t kBeyond = kMaxTokenCount + 1;
  if (v.is_number_unsigned()) {
    auto n = v.get<uint64_t>();
    return n > static_cast<uint64_t>(kMaxTokenCount) ? kBeyond : static_cast<int64_t>(n);
  }
  if (v.is_number_integer()) return std::clamp<int64_t>(v.get<int64_t>(), -kBeyond, kBeyond);
  if (v.is_number_float()) return v.get<double>() > static_cast<double>(kMaxTokenCount) ? kBeyond : 0;
  return 0;
}

}  // namespace gw
