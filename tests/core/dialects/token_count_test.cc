// token_count_test.cc - a provider's token count read from its own usage
// shape, before it becomes canonical usage.
#include "core/dialects/token_count.h"

#include <doctest/doctest.h>

namespace gw {

using nlohmann::json;

TEST_CASE("token count: integers pass, anything past kMaxTokenCount becomes kMaxTokenCount + 1") {
  CHECK(reported_token_count(json(12)) == 12);
  CHECK(reported_token_count(json(-3)) == -3);
  CHECK(reported_token_count(json(kMaxTokenCount)) == kMaxTokenCount);
  CHECK(reported_token_count(json::parse("9223372036854775807")) == kMaxTokenCount + 1);
  CHECK(reported_token_count(json::parse("9223372036854775808")) == kMaxTokenCount + 1);
  CHECK(reported_token_count(json::parse("18446744073709551615")) == kMaxTokenCount + 1);
  CHECK(reported_token_count(json::parse("1e300")) == kMaxTokenCount + 1);
  CHECK(reported_token_count(json::parse("-9223372036854775808")) == -(kMaxTokenCount + 1));
}

TEST_CASE("token count: small floats, strings and null are not counts") {
  CHECK(reported_token_count(json(2.5)) == 0);
  CHECK(reported_token_count(json::parse("-1e300")) == 0);
  CHECK(reported_token_count(json("12")) == 0);
  CHECK(reported_token_count(json(nullptr)) == 0);
}

}  // namespace gw
