// Tests for core/base/money.h: exact fixed-point dollars and per-token prices.
// Every expected value is an exact integer or string; nothing here goes
// through floating point.
#include "core/base/money.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace gw {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// The canonical text of a parsed amount; "<rejected>" when parse fails.
std::string reformat(std::string_view text) {
  auto m = Money::parse(text);
  return m ? m->to_string() : "<rejected>";
}

Money money(std::string_view text) {
  auto m = Money::parse(text);
  REQUIRE_MESSAGE(m.has_value(), text);
  return *m;
}

TokenPrice price(std::string_view per_million) {
  auto p = TokenPrice::parse_per_million(per_million);
  REQUIRE_MESSAGE(p.has_value(), per_million);
  return *p;
}

}  // namespace

TEST_CASE("money: amounts print with at least two decimals and no trailing zeros beyond") {
  CHECK(reformat("5") == "5.00");
  CHECK(reformat("5.5") == "5.50");
  CHECK(reformat("0") == "0.00");
  CHECK(reformat("-0") == "0.00");
  CHECK(reformat("12.340000") == "12.34");
  CHECK(reformat("0.0000375") == "0.0000375");
  CHECK(reformat("0.0000000001") == "0.0000000001");
  CHECK(Money::dollars(5).to_string() == "5.00");
  CHECK(Money().to_string() == "0.00");
}

TEST_CASE("money: parsing is exact to one ten-billionth of a dollar") {
  CHECK(money("1").units() == Money::kUnitsPerDollar);
  CHECK(money("0.0000375").units() == 375'000);
  CHECK(money("0.0000000001").units() == 1);
  CHECK(money("2.50") == Money::from_units(25'000'000'000));
}

TEST_CASE("money: negative amounts parse and print with a minus sign") {
  CHECK(money("-0.25").units() == -2'500'000'000);
  CHECK(reformat("-0.25") == "-0.25");
  CHECK(reformat("-1.5") == "-1.50");
  CHECK(reformat("-0.0000375") == "-0.0000375");
  CHECK((-money("3")).to_string() == "-3.00");
}

TEST_CASE("money: more than ten fractional digits is rejected, not rounded") {
  CHECK(Money::parse("0.00000000001") == std::nullopt);
  CHECK(Money::parse("1.12345678901") == std::nullopt);
  CHECK(Money::parse("0.1234567890").has_value());
}

TEST_CASE("money: text that is not a plain decimal is rejected") {
  for (const char* junk : {"",   "-",  "+",     ".",    "-.",  "abc", "5abc", "abc5", "1.2.3", "1e5", "1E-3",
                           " 5", "5 ", "1,000", "0x10", "--1", "+-1", "1-",   "$5",   "5.0.",  "nan", "inf"}) {
    CAPTURE(junk);
    CHECK(Money::parse(junk) == std::nullopt);
  }
}

TEST_CASE("money: amounts beyond the int64 range are rejected instead of wrapping") {
  // int64 max units = $922,337,203.6854775807.
  CHECK(reformat("922337203.6854775807") == "922337203.6854775807");
  CHECK(Money::parse("922337203.6854775808") == std::nullopt);
  CHECK(Money::parse("922337204") == std::nullopt);
  CHECK(Money::parse("1000000000") == std::nullopt);
  CHECK(Money::parse("99999999999999999999999") == std::nullopt);
  CHECK(Money::parse("-99999999999999999999999") == std::nullopt);
}

TEST_CASE("money: the most negative amount still prints exactly") {
  CHECK(Money::from_units(std::numeric_limits<int64_t>::min()).to_string() == "-922337203.6854775808");
  CHECK(Money::from_units(kMax).to_string() == "922337203.6854775807");
}

TEST_CASE("money: every printed amount parses back to the same amount") {
  for (int64_t units : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{375'000}, int64_t{10'000'000'000},
                        int64_t{-123'456'789'012}, int64_t{99'999'999'999}, kMax}) {
    CAPTURE(units);
    Money m = Money::from_units(units);
    CHECK(money(m.to_string()) == m);
  }
}

TEST_CASE("money: decimal arithmetic is exact (0.1 + 0.2 == 0.3)") {
  auto sum = money("0.1").plus(money("0.2"));
  REQUIRE(sum.has_value());
  CHECK(*sum == money("0.3"));
  CHECK(sum->to_string() == "0.30");
  auto diff = money("0.3").minus(money("0.1"));
  REQUIRE(diff.has_value());
  CHECK(*diff == money("0.2"));
  auto product = money("0.0000001").times(3);
  REQUIRE(product.has_value());
  CHECK(product->to_string() == "0.0000003");
}

TEST_CASE("money: arithmetic that would overflow reports it") {
  Money max = Money::from_units(kMax);
  CHECK(max.plus(Money::from_units(1)) == std::nullopt);
  CHECK(Money::from_units(std::numeric_limits<int64_t>::min()).minus(Money::from_units(1)) == std::nullopt);
  CHECK(max.times(2) == std::nullopt);
  CHECK(max.plus(Money()) == max);
}

TEST_CASE("money: ordering compares amounts") {
  CHECK(money("0.0000375") < money("0.0001"));
  CHECK(money("-1") < money("0"));
  CHECK(money("2.5") == money("2.50"));
}

TEST_CASE("token price: USD per million parses to whole Money units per token") {
  CHECK(price("2.50").units_per_token() == 25'000);
  CHECK(price("10").units_per_token() == 100'000);
  CHECK(price("0.0375").units_per_token() == 375);
  CHECK(price("0.0001").units_per_token() == 1);
  CHECK(price("0").units_per_token() == 0);
}

TEST_CASE("token price: quotes print back per million with at least two decimals") {
  CHECK(price("2.5").per_million_string() == "2.50");
  CHECK(price("0.0375").per_million_string() == "0.0375");
  CHECK(price("15").per_million_string() == "15.00");
  CHECK(TokenPrice::from_units_per_token(1).per_million_string() == "0.0001");
}

TEST_CASE("token price: a fifth decimal, a negative price or junk is rejected") {
  CHECK(TokenPrice::parse_per_million("0.00375") == std::nullopt);
  CHECK(TokenPrice::parse_per_million("2.50001") == std::nullopt);
  CHECK(TokenPrice::parse_per_million("-1") == std::nullopt);
  CHECK(TokenPrice::parse_per_million("") == std::nullopt);
  CHECK(TokenPrice::parse_per_million("free") == std::nullopt);
  CHECK(TokenPrice::parse_per_million("1e-4") == std::nullopt);
}

TEST_CASE("token price: a million tokens at $2.50/M costs exactly $2.50") {
  auto cost = price("2.50").cost(1'000'000);
  REQUIRE(cost.has_value());
  CHECK(cost->to_string() == "2.50");
  CHECK(*cost == Money::parse("2.50"));
}

TEST_CASE("token price: one token at the smallest price costs one unit") {
  auto cost = price("0.0001").cost(1);
  REQUIRE(cost.has_value());
  CHECK(cost->units() == 1);
  CHECK(cost->to_string() == "0.0000000001");
}

TEST_CASE("token price: tiny prices times few tokens are exact") {
  auto cost = price("0.0375").cost(3);
  REQUIRE(cost.has_value());
  CHECK(cost->to_string() == "0.0000001125");
  auto one = price("0.15").cost(1);
  REQUIRE(one.has_value());
  CHECK(one->to_string() == "0.00000015");
}

TEST_CASE("token price: huge token counts are exact up to the int64 limit") {
  auto cost = price("2.50").cost(100'000'000'000'000);  // 1e14 tokens = $250 million
  REQUIRE(cost.has_value());
  CHECK(cost->to_string() == "250000000.00");
  CHECK(price("0").cost(kMax) == Money());
}

TEST_CASE("token price: absurd token counts report overflow instead of a wrong cost") {
  CHECK(price("2.50").cost(1'000'000'000'000'000) == std::nullopt);  // $2.5 billion
  CHECK(price("2.50").cost(kMax) == std::nullopt);
  CHECK(price("0.0001").cost(kMax).has_value());  // 1 unit a token: exactly max
}

TEST_CASE("token price: a negative token count has no cost") {
  CHECK(price("2.50").cost(-1) == std::nullopt);
  CHECK(price("2.50").cost(0) == Money());
}

}  // namespace gw
