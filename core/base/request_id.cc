#include "core/base/request_id.h"

#include <cstdint>
#include <random>

namespace gw {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// Writes the low 48 bits of `bits` as 12 hex digits at `out`, most
// significant first.
void put_hex48(char* out, uint64_t bits) {
  for (int shift = 44; shift >= 0; shift -= 4) *out++ = kHex[(bits >> shift) & 0xF];
}

// "req_" and 24 hex digits: `high` then `low`, 48 bits each.
std::string request_id_of(uint64_t high, uint64_t low) {
  std::string id = "req_000000000000000000000000";
  put_hex48(id.data() + 4, high);
  put_hex48(id.data() + 16, low);
  return id;
}

uint64_t random_bits() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng();
}

}  // namespace

std::string new_request_id() {
  const uint64_t high = random_bits();
  return request_id_of(high, random_bits());
}

std::string new_request_id(int64_t unix_ms) { return request_id_of(static_cast<uint64_t>(unix_ms), random_bits()); }

bool is_acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace gw
