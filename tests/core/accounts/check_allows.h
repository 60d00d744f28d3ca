// check_allows.h - test helpers for the per-key access lists (IpAllowlist,
// DomainRestriction): any type with a static Result<T> parse(string_view)
// and bool allows(string_view).
#pragma once

#include <doctest/doctest.h>

#include <initializer_list>
#include <string_view>

namespace gw {

// The list parsed from `text`; the test stops if it does not parse.
template <class AccessList>
AccessList parsed_list(std::string_view text) {
  auto result = AccessList::parse(text);
  REQUIRE(result.ok());
  return result.value();
}

// Every value in `allowed` passes and every one in `refused` does not; a
// failure names the value.
template <class AccessList>
void check_allows(const AccessList& list, std::initializer_list<std::string_view> allowed,
                  std::initializer_list<std::string_view> refused) {
  for (std::string_view v : allowed) CHECK_MESSAGE(list.allows(v), "should allow '", v, "'");
  for (std::string_view v : refused) CHECK_MESSAGE(!list.allows(v), "should refuse '", v, "'");
}

}  // namespace gw
