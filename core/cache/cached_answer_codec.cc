// cached_answer_codec.cc - contracts in cached_answer_codec.h.
#include "core/cache/cached_answer_codec.h"

#include <charconv>
#include <string>

namespace gw {
namespace {

constexpr std::string_view kVersion = "gwca1";

void put(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}
void put(std::string& out, int64_t n) { put(out, std::to_string(n)); }

// Reads back exactly what put() writes: a number in any other spelling
// ("007", "+7", "-0") or a flag other than 0 and 1 is refused, so what
// decodes encodes to the same bytes.
template <class T>
bool read_number(std::string_view s, T& n) {
  return !s.empty() && std::from_chars(s.data(), s.data() + s.size(), n).ptr == s.data() + s.size() &&
         std::to_string(n) == s;
}

struct Reader {
  std::string_view in;
  bool ok = true;

  std::string_view text() {
    size_t colon = in.find(':');
    size_t len = 0;
    if (!ok || colon == std::string_view::npos || !read_number(in.substr(0, colon), len) ||
        len > in.size() - colon - 1) {
      ok = false;
      return {};
    }
    std::string_view s = in.substr(colon + 1, len);
    in.remove_prefix(colon + 1 + len);
    return s;
  }
  int64_t integer() {
    std::string_view s = text();
    int64_t n = 0;
    if (ok && !read_number(s, n)) ok = false;
    return n;
  }
  bool flag() {
    const int64_t n = integer();
    if (n != 0 && n != 1) ok = false;
    return n == 1;
  }
};

}  // namespace

std::string encode_cached_answer(const CachedAnswer& a) {
  std::string out;
  out.reserve(a.bytes() + 128);
  put(out, kVersion);
  put(out, a.model);
  put(out, a.tenant);
  put(out, a.body);
  put(out, int64_t{a.stream_usage});
  const Usage& u = a.usage;
  for (int64_t n : {u.prompt_tokens, u.completion_tokens, u.cached_tokens, u.cache_write_tokens,
                    u.cache_write_1h_tokens, u.reasoning_tokens, int64_t{u.estimated}, u.images, u.audio_ms,
                    int64_t{u.overflow}, a.cost.units(), a.stored_ms})
    put(out, n);
  put(out, static_cast<int64_t>(a.frames.size()));
  for (const CachedFrame& f : a.frames) {
    put(out, f.at_ms);
    put(out, f.bytes);
  }
  return out;
}

std::optional<CachedAnswer> decode_cached_answer(std::string_view bytes) {
  Reader r{bytes};
  if (r.text() != kVersion) return std::nullopt;
  CachedAnswer a;
  a.model = r.text();
  a.tenant = r.text();
  a.body = r.text();
  a.stream_usage = r.flag();
  Usage& u = a.usage;
  u.prompt_tokens = r.integer();
  u.completion_tokens = r.integer();
  u.cached_tokens = r.integer();
  u.cache_write_tokens = r.integer();
  u.cache_write_1h_tokens = r.integer();
  u.reasoning_tokens = r.integer();
  u.estimated = r.flag();
  u.images = r.integer();
  u.audio_ms = r.integer();
  u.overflow = r.flag();
  a.cost = Money::from_units(r.integer());
  a.stored_ms = r.integer();
  const int64_t frames = r.integer();
  if (!r.ok || frames < 0 || static_cast<uint64_t>(frames) > r.in.size()) return std::nullopt;
  a.frames.reserve(static_cast<size_t>(frames));
  for (int64_t i = 0; i < frames && r.ok; ++i) {
    CachedFrame f;
    f.at_ms = r.integer();
    f.bytes = r.text();
    a.frames.push_back(std::move(f));
  }
  if (!r.ok || !r.in.empty()) return std::nullopt;
  return a;
}

}  // namespace gw
