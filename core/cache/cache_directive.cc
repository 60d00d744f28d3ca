// cache_directive.cc - see cache_directive.h. Pure; thread-safe.
#include "core/cache/cache_directive.h"

#include <charconv>

#include "core/base/ascii_text.h"
#include "core/json/json_scan.h"
#include "core/json/json_view.h"

namespace gw {
namespace {

// kDeterministic's test: temperature 0 (any spelling of zero) or a seed.
bool deterministic(std::string_view body) {
  // Most requests name neither: a substring search (memchr speed) answers
  // them before any scan of the JSON.
  if (body.find("\"temperature\"") == std::string_view::npos && body.find("\"seed\"") == std::string_view::npos)
    return false;
  static constexpr std::string_view kMembers[] = {"temperature", "seed"};
  auto members = top_level_members(body, kMembers);
  if (!members) return false;
  const std::string_view temperature = (*members)[0], seed = (*members)[1];
  if (!seed.empty() && json_type(seed) == JsonType::kNumber) return true;
  auto t = json_number(temperature);
  return t && *t == 0.0;
}

}  // namespace

Result<CacheMode> parse_cache_mode(std::string_view text) {
  if (text == "off") return CacheMode::kOff;
  if (text == "deterministic") return CacheMode::kDeterministic;
  if (text == "all") return CacheMode::kAll;
  return make_error(ErrorKind::kInvalidRequest,
                    "cache mode must be \"off\", \"deterministic\" or \"all\", not \"" + std::string(text) + "\"");
}

Result<CacheDirective> cache_directive(CacheMode mode, std::string_view body, const Headers& headers) {
  CacheDirective d;
  if (mode == CacheMode::kOff || (mode == CacheMode::kDeterministic && !deterministic(body))) {
    d.read = d.write = false;
    return d;
  }
  std::string_view control = headers.get("cache-control");
  while (!control.empty()) {
    size_t comma = control.find(',');
    std::string_view item = trim_blanks(control.substr(0, comma));
    control = comma == std::string_view::npos ? std::string_view() : control.substr(comma + 1);
    if (iequals(item, "no-cache")) {
      d.read = false;
    } else if (iequals(item, "no-store")) {
      d.write = false;
    } else if (item.size() > 8 && iequals(item.substr(0, 8), "max-age=")) {
      int64_t seconds = 0;
      std::string_view n = item.substr(8);
      auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), seconds);
      if (ec == std::errc() && end == n.data() + n.size() && seconds >= 0) d.max_age_s = seconds;
    }
  }
  std::string_view own = trim_blanks(headers.get("x-gw-cache"));
  if (!own.empty()) {
    if (iequals(own, "off")) {
      d.read = d.write = false;
    } else if (iequals(own, "read")) {
      d.write = false;
    } else if (iequals(own, "write")) {
      d.read = false;
    } else {
      return make_error(ErrorKind::kInvalidRequest, "x-gw-cache must be off, read or write", "invalid_header",
                        "x-gw-cache");
    }
  }
  std::string_view replay = trim_blanks(headers.get("x-gw-cache-replay"));
  if (iequals(replay, "paced")) {
    d.paced = true;
  } else if (!replay.empty() && !iequals(replay, "instant")) {
    return make_error(ErrorKind::kInvalidRequest, "x-gw-cache-replay must be instant or paced", "invalid_header",
                      "x-gw-cache-replay");
  }
  return d;
}

}  // namespace gw
