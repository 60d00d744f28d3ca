// span.h - one finished tracing span, as gw records it and the OTLP encoder
// (core/telemetry/otlp_json.h) writes it. IDs are lowercase hex (trace_context.h);
// times are Unix epoch nanoseconds. Attributes never hold secrets, prompts or
// completions. Value type; thread-compatible.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace gw {

// A hex id held inline (no allocation): N = 32 for traces, 16 for spans.
template <size_t N>
class HexId {
 public:
  HexId() = default;
  HexId(std::string_view hex) { *this = hex; }  // NOLINT: implicit, like a string
  HexId& operator=(std::string_view hex) {
    size_ = static_cast<uint8_t>(std::min(hex.size(), N));
    std::copy_n(hex.data(), size_, chars_.data());
    return *this;
  }
  std::string_view view() const { return {chars_.data(), size_}; }
  operator std::string_view() const { return view(); }  // NOLINT: implicit, like a string
  bool empty() const { return size_ == 0; }
  friend bool operator==(const HexId& a, std::string_view b) { return a.view() == b; }

 private:
  std::array<char, N> chars_{};
  uint8_t size_ = 0;
};

// OTLP's SpanKind numbers.
enum class SpanKind { kInternal = 1, kServer = 2, kClient = 3 };

using SpanValue = std::variant<std::string, int64_t, bool>;

struct Span {
  HexId<32> trace_id;
  HexId<16> span_id;
  HexId<16> parent_span_id;  // empty = a root span
  std::string name;          // "POST /v1/chat/completions", "forward", "upstream mock"
  SpanKind kind = SpanKind::kInternal;
  int64_t start_unix_ns = 0;
  int64_t end_unix_ns = 0;
  std::vector<std::pair<std::string_view, SpanValue>> attributes;  // keys: string literals
  bool error = false;                                              // OTLP status ERROR (else UNSET)
  std::string status_message;                                      // why, when error

  // `key` must outlive the span (a string literal).
  void set(std::string_view key, SpanValue value) { attributes.emplace_back(key, std::move(value)); }
};

}  // namespace gw
