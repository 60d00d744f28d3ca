// trace_context.h - W3C Trace Context (https://www.w3.org/TR/trace-context/):
// parsing and writing the `traceparent` header, and new trace/span IDs drawn
// from a RandomSource the caller passes in (tests pass a fixed sequence).
//
//   traceparent: 00-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>
//
// A header that breaks the grammar (wrong lengths, upper-case hex, all-zero
// IDs, version ff) is invalid and the request starts a new trace. Versions
// above 00 are read by their first four fields, as the spec asks. Pure;
// thread-safe apart from the RandomSource, whose own contract applies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gw {

// Random 64-bit words. Implementations must be thread-safe.
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual uint64_t next_u64() = 0;
};

// A per-thread generator seeded from the OS. Defined in core/telemetry/system_random.cc.
RandomSource& system_random();

struct TraceParent {
  std::string trace_id;   // 32 lowercase hex, not all zero
  std::string parent_id;  // 16 lowercase hex, not all zero: the caller's span
  bool sampled = true;    // flags bit 0
};

// nullopt when the header is absent or invalid.
std::optional<TraceParent> parse_traceparent(std::string_view header);
// "00-<trace_id>-<span_id>-01" (or -00 when not sampled).
std::string format_traceparent(std::string_view trace_id, std::string_view span_id, bool sampled);

std::string new_trace_id(RandomSource& random);  // 32 hex, never all zero
std::string new_span_id(RandomSource& random);   // 16 hex, never all zero

}  // namespace gw
