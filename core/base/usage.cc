#include "core/base/usage.h"

namespace gw {

int64_t estimate_tokens(std::string_view text) { return estimate_tokens_of_size(text.size()); }

int64_t estimate_tokens_of_size(size_t bytes) { return static_cast<int64_t>((bytes + 3) / 4); }

}  // namespace gw
