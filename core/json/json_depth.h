// json_depth.h - how deeply a JSON text nests, checked before anything
// parses it. gw's JSON handling (nlohmann's serializer among it) recurses
// once per level, and a request's fiber has a bounded stack: a body of
// 100,000 nested brackets must be a 400, never a crash of the gateway.
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>

namespace gw {

// The deepest JSON nesting gw accepts in a request body (json_scan.h allows
// the same for answers it relays).
inline constexpr int kMaxRequestJsonDepth = 512;

// True when `text` opens more than `max_depth` objects/arrays inside one
// another (brackets inside strings do not count). Does not validate: a
// malformed text that stays shallow is the parser's to refuse.
bool json_nesting_exceeds(std::string_view text, int max_depth);

// True when `body` looks like JSON: its first non-whitespace byte opens an
// object or an array (multipart and binary uploads do not).
bool looks_like_json(std::string_view body);

}  // namespace gw
