// ledger.h - reading a user's ledger through the admin API in e2e tests,
// with the tests' own money parser (so a check does not trust gw's).
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/e2e/support/http.h"

namespace gw::e2e {

// Exact decimal USD string -> 1e-10 units ("-0.0000140" -> -140000).
inline int64_t units(const std::string& usd) {
  bool neg = !usd.empty() && usd[0] == '-';
  std::string s = neg ? usd.substr(1) : usd;
  size_t dot = s.find('.');
  std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  frac.resize(10, '0');
  int64_t v = std::stoll(whole) * 10'000'000'000LL + std::stoll(frac);
  return neg ? -v : v;
}

// The amounts of a user's charges in 1e-10 USD units, newest first. The
// history must be readable (a failed read fails the test, never reads as
// "no charges").
inline std::vector<int64_t> charges(httplib::Client& c, const std::string& name) {
  std::vector<int64_t> out;
  auto r = c.Get("/admin/credits/" + name + "/history");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const nlohmann::json history = json_of(r);  // held: a temporary would die before the loop
  for (const auto& e : history["data"])
    if (e["kind"] == "charge") out.push_back(units(e["amount_usd"]));
  return out;
}

}  // namespace gw::e2e
