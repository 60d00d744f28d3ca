// stable_hash.h - a 64-bit FNV-1a hash: the same value for the same bytes on
// every run, build and platform (std::hash promises none of that). For
// deterministic spreading (health-check slots) and the mock's deterministic
// vectors; not for security. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace gw {

constexpr uint64_t stable_hash(std::string_view text) {
  uint64_t h = 14695981039346656037ULL;  // FNV offset basis
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;  // FNV prime
  }
  return h;
}

}  // namespace gw
