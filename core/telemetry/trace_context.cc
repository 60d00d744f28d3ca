// trace_context.cc - traceparent parsing/writing and ID generation (see
// trace_context.h). Stateless; thread-safe.
#include "core/telemetry/trace_context.h"

namespace gw {
namespace {

constexpr char kHex[] = "0123456789abcdef";

bool is_lower_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

bool all_zero(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

int hex_value(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

// Appends `digits` hex digits of random words; retries an all-zero ID (the
// spec forbids it; it happens with probability 2^-64).
std::string random_hex(RandomSource& random, int digits) {
  std::string out;
  do {
    out.clear();
    while (static_cast<int>(out.size()) < digits) {
      uint64_t bits = random.next_u64();
      for (int i = 0; i < 16; ++i, bits >>= 4) out += kHex[bits & 0xF];
    }
  } while (all_zero(out));
  return out;
}

}  // namespace

std::optional<TraceParent> parse_traceparent(std::string_view h) {
  // version "-" trace-id "-" parent-id "-" flags [ "-" future fields ]
  constexpr size_t kLength = 55;
  if (h.size() < kLength || h[2] != '-' || h[35] != '-' || h[52] != '-') return std::nullopt;
  std::string_view version = h.substr(0, 2), trace = h.substr(3, 32), parent = h.substr(36, 16),
                   flags = h.substr(53, 2);
  if (!is_lower_hex(version) || version == "ff") return std::nullopt;
  if (h.size() > kLength && (version == "00" || h[kLength] != '-')) return std::nullopt;
  if (!is_lower_hex(trace) || !is_lower_hex(parent) || !is_lower_hex(flags)) return std::nullopt;
  if (all_zero(trace) || all_zero(parent)) return std::nullopt;
  TraceParent tp;
  tp.trace_id = std::string(trace);
  tp.parent_id = std::string(parent);
  tp.sampled = (hex_value(flags[1]) & 1) != 0;
  return tp;
}

std::string format_traceparent(std::string_view trace_id, std::string_view span_id, bool sampled) {
  std::string out = "00-";
  out.reserve(55);
  out += trace_id;
  out += '-';
  out += span_id;
  out += sampled ? "-01" : "-00";
  return out;
}

std::string new_trace_id(RandomSource& random) { return random_hex(random, 32); }

std::string new_span_id(RandomSource& random) { return random_hex(random, 16); }

}  // namespace gw
