// string_pair_less.h - a transparent "less" for maps keyed by a pair of
// strings, so a lookup by two string_views builds no key (passive health
// and the latency book find provider x model rows this way on the request
// path). Stateless; thread-safe.
#pragma once

#include <string_view>
#include <utility>

namespace gw {

struct StringPairLess {
  using is_transparent = void;
  template <class A, class B>
  bool operator()(const A& a, const B& b) const {
    return std::pair<std::string_view, std::string_view>(a.first, a.second) <
           std::pair<std::string_view, std::string_view>(b.first, b.second);
  }
};

}  // namespace gw
