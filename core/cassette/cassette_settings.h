// cassette_settings.h - the [cassette] settings: what record and replay
// (gw serve --record/--replay, gw chat --replay; docs/cassettes.md) leave
// out when they match a request to a recording. Plain value type; part of
// gw's Config (core/config/config.h), which parses it.
#pragma once

#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

// Request body members left out of matching by default: labels for the
// caller's own records, which change between runs without changing the answer.
inline constexpr std::string_view kDefaultCassetteIgnored[] = {"user", "metadata"};

struct CassetteSettings {
  // Body members left out of matching; a dot reaches inside an object
  // ("metadata.session_id"). gw serve --match-ignore adds to these.
  std::vector<std::string> match_ignore{std::begin(kDefaultCassetteIgnored), std::end(kDefaultCassetteIgnored)};
};

}  // namespace gw
