// money.h - exact fixed-point money. No floating point, anywhere.
//
// One Money unit is 1e-10 US dollars (a "tenth of a nano-dollar"). int64 holds
// up to about $922 million. Catalog prices are quoted in USD per million
// tokens with at most 4 decimal places, which is exactly an integer number of
// Money units per token ($2.50/M = 25,000 units per token), so
// cost = tokens x price_per_token is exact with no rounding at all.
// Arithmetic reports overflow instead of wrapping. Thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gw {

class Money {
 public:
  static constexpr int kScaleDigits = 10;  // decimal digits after the dollar point
  static constexpr int64_t kUnitsPerDollar = 10'000'000'000LL;

  constexpr Money() = default;
  static constexpr Money from_units(int64_t units) { return Money(units); }
  static constexpr Money dollars(int64_t whole) { return Money(whole * kUnitsPerDollar); }
  // Parses a decimal string such as "5", "-0.25", "0.0000375". At most 10
  // fractional digits; no exponent; nullopt on anything else or overflow.
  static std::optional<Money> parse(std::string_view text);

  constexpr int64_t units() const { return units_; }
  // Exact decimal with trailing zeros trimmed to at least 2 places: "5.00",
  // "0.0000375", "-1.50".
  std::string to_string() const;

  // nullopt on overflow.
  std::optional<Money> plus(Money other) const;
  std::optional<Money> minus(Money other) const;
  std::optional<Money> times(int64_t count) const;

  constexpr Money operator-() const { return Money(-units_); }
  friend constexpr bool operator==(Money, Money) = default;
  friend constexpr auto operator<=>(Money, Money) = default;

 private:
  constexpr explicit Money(int64_t units) : units_(units) {}
  int64_t units_ = 0;
};

// A per-token price. Stored as Money units per token; quoted and parsed as
// USD per million tokens with at most 4 decimal places ("2.50", "0.0375").
class TokenPrice {
 public:
  constexpr TokenPrice() = default;
  static constexpr TokenPrice from_units_per_token(int64_t units) { return TokenPrice(units); }
  static std::optional<TokenPrice> parse_per_million(std::string_view usd_per_million);

  constexpr int64_t units_per_token() const { return units_; }
  std::string per_million_string() const;  // "2.50"
  // Exact cost of `tokens` tokens; nullopt on overflow or negative tokens.
  std::optional<Money> cost(int64_t tokens) const;

  friend constexpr bool operator==(TokenPrice, TokenPrice) = default;

 private:
  constexpr explicit TokenPrice(int64_t units) : units_(units) {}
  int64_t units_ = 0;
};

}  // namespace gw
