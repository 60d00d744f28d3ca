// json_parse.h - the one way gw builds an nlohmann tree from text it did not
// compile in: request bodies, upstream answers and stream events, JSON held
// inside strings (tool arguments, reasoning blobs), admin and webhook bodies,
// CLI answers. nlohmann's tree copies, compares and dumps recurse once per
// level, and a fiber's stack is small: text nesting deeper than the limit
// must be refused before a tree exists. tests/layout/check_rooms.sh fails on
// a raw json::parse( outside core/json, except for compiled-in data.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "core/json/json_depth.h"

namespace gw {

// The deepest nesting gw parses from text of unknown origin; the same as a
// request body's (kMaxRequestJsonDepth, json_depth.h).
inline constexpr int kMaxParsedJsonDepth = kMaxRequestJsonDepth;

// True when `text` starts with a UTF-8 byte order mark (EF BB BF). RFC 8259
// §8.1: JSON text must not; nlohmann would skip it silently.
bool starts_with_bom(std::string_view text);

// The tree of `text`, or a discarded value (is_discarded() is true) when the
// text is not one valid JSON value, starts with a byte order mark, holds a
// NUL byte anywhere, or nests more than `max_depth` objects/arrays. Never
// throws.
nlohmann::json parse_json(std::string_view text, int max_depth = kMaxParsedJsonDepth);

// The same, keeping members in the order they were written.
nlohmann::ordered_json parse_ordered_json(std::string_view text, int max_depth = kMaxParsedJsonDepth);

}  // namespace gw
