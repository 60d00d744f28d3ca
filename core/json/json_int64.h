// json_int64.h - a checked integer read from a tree built from text gw did
// not write. nlohmann's get<int>() and value(key, 0) cast a double straight
// to the integer type, which is undefined behaviour for 1e300, and throw for
// a string; an upstream's `index` or count must never do either.
//
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>

namespace gw {

// The value of `v` when it is a JSON integer that int64 holds; nullopt for
// anything else (a float such as 1e300 or 1.5, an integer above INT64_MAX,
// a string, null).
std::optional<int64_t> json_int64(const nlohmann::json& v);

}  // namespace gw
