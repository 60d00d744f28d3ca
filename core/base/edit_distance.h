// edit_distance.h - Levenshtein distance, case-insensitive, for "did you
// mean" suggestions (models, commands). Small inputs only. Pure.
#pragma once

#include <cstddef>
#include <string_view>

namespace gw {

size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace gw
