// json_scan.h - validates JSON text without building a tree, and finds the
// raw text of chosen top-level members of an object. For the hot path: a
// provider's whole answer is relayed byte for byte and gw needs only its
// `usage`; building nlohmann's tree of the whole answer cost ~40k
// instructions for a 300-byte answer, scanning it costs a few thousand.
//
// The grammar is RFC 8259's, as strict as nlohmann::json's parser: strings
// must be valid UTF-8 without raw control characters, numbers follow the
// JSON number syntax, one value with only whitespace around it. Nesting
// deeper than kMaxJsonScanDepth is refused.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace gw {

inline constexpr int kMaxJsonScanDepth = 512;

// When `text` is one valid JSON object: for each of `names`, the raw text of
// that top-level member's value (the last one if the name repeats; an empty
// view when absent). nullopt when `text` is not valid JSON or not an object.
// Member names are compared as written (a name spelled with escapes does not
// match). The views point into `text`.
std::optional<std::vector<std::string_view>> top_level_members(std::string_view text,
                                                               std::span<const std::string_view> names);
// The same, and in `others` the name of every top-level member that is in
// neither `names` nor `known`, in order (a repeated one each time): one pass
// that both validates an answer and finds what it carries beyond a set.
std::optional<std::vector<std::string_view>> top_level_members(std::string_view text,
                                                               std::span<const std::string_view> names,
                                                               std::span<const std::string_view> known,
                                                               std::vector<std::string_view>& others);

// True when `text` is one valid JSON object (what top_level_members accepts).
bool is_json_object(std::string_view text);

}  // namespace gw
