// What a limiter decision looks like to a client: the X-RateLimit-* headers
// and the 429 with Retry-After.
#include "core/limits/limit_decision.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("rate limit headers: limit, remaining and seconds until reset") {
  LimitDecision d;
  d.layer = LimitLayer::kKey;
  d.limit = 300;
  d.remaining = 12;
  d.reset_s = 41;
  Headers h;
  add_rate_limit_headers(d, h);
  CHECK(h.get("X-RateLimit-Limit") == "300");
  CHECK(h.get("X-RateLimit-Remaining") == "12");
  CHECK(h.get("X-RateLimit-Reset") == "41");
}

TEST_CASE("rate limit headers: none when nothing was limited") {
  Headers h;
  add_rate_limit_headers(LimitDecision{}, h);
  CHECK(h.items().empty());
}

TEST_CASE("a refused decision is a 429 with Retry-After, naming the limit") {
  LimitDecision d;
  d.allowed = false;
  d.layer = LimitLayer::kAnonymous;
  d.limit_name = "requests_per_minute";
  d.limit = 20;
  d.retry_after_s = 17;
  Error e = rate_limit_error(d);
  CHECK(e.http_status() == 429);
  CHECK(e.code == "rate_limit_exceeded");
  CHECK(e.retry_after_s == 17);
  CHECK(e.message.find("anonymous use (no API key) allows 20 requests per minute") != std::string::npos);
  CHECK(e.message.find("retry in 17 s") != std::string::npos);
  d.limit_name = "concurrent_requests";
  d.layer = LimitLayer::kKey;
  d.limit = 4;
  CHECK(rate_limit_error(d).message.find("this API key's plan allows 4 requests at once") != std::string::npos);
}

}  // namespace gw
