#include "core/request_id.h"

#include <cstdint>
#include <random>

namespace gw {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// Appends the low 48 bits of `bits` as 12 hex digits, most significant first.
void append_hex48(std::string& out, uint64_t bits) {
  for (int shift = 44; shift >= 0; shift -= 4) out += kHex[(bits >> shift) & 0xF];
}

uint64_t random_bits() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng();
}

}  // namespace

std::string new_request_id() {
  std::string id = "req_";
  id.reserve(28);
  append_hex48(id, random_bits());
  append_hex48(id, random_bits());
  return id;
}

std::string new_request_id(int64_t unix_ms) {
  std::string id = "req_";
  id.reserve(28);
  append_hex48(id, static_cast<uint64_t>(unix_ms));
  append_hex48(id, random_bits());
  return id;
}

bool is_acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace gw
