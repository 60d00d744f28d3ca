// random.h - cryptographically secure random bytes (OpenSSL RAND_bytes) and
// the random identifiers gw hands out. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gw {

// `n` random bytes. Aborts the process if the system cannot supply them:
// handing out a predictable key would be worse than stopping.
std::string random_bytes(size_t n);
// `prefix` + 2*bytes lowercase hex digits, e.g. random_id("usr_", 8).
std::string random_id(std::string_view prefix, size_t bytes);

}  // namespace gw
