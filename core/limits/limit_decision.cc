// limit_decision.cc - contracts in limit_decision.h.
#include "core/limits/limit_decision.h"

#include <algorithm>
#include <string>

namespace gw {
namespace {

// "20 requests per minute", "100000 tokens per day (UTC)", "2 requests at
// once", "3 register attempts per 60 minutes".
std::string describe_limit(const LimitDecision& d) {
  std::string n = std::to_string(d.limit);
  if (d.limit_name == "requests_per_minute") return n + " requests per minute";
  if (d.limit_name == "tokens_per_day") return n + " tokens per day (UTC)";
  if (d.limit_name == "tokens_per_month") return n + " tokens per calendar month (UTC)";
  if (d.limit_name == "concurrent_requests") return n + " requests at once";
  return n + " " + std::string(d.limit_name) + " attempts per " + std::to_string(d.window_s / 60) + " minutes";
}

// Whose limit it is, for the message.
std::string_view whose(LimitLayer layer) {
  switch (layer) {
    case LimitLayer::kIp:
      return "this address without a valid API key";
    case LimitLayer::kKey:
      return "this API key's plan";
    case LimitLayer::kAnonymous:
      return "anonymous use (no API key)";
    case LimitLayer::kDoor:
      return "this address";
    case LimitLayer::kNone:
      break;
  }
  return "this caller";
}

}  // namespace

void add_rate_limit_headers(const LimitDecision& d, Headers& h) {
  if (d.layer == LimitLayer::kNone) return;
  h.add("X-RateLimit-Limit", std::to_string(d.limit));
  h.add("X-RateLimit-Remaining", std::to_string(std::max<int64_t>(0, d.remaining)));
  h.add("X-RateLimit-Reset", std::to_string(std::max<int64_t>(0, d.reset_s)));
}

Error rate_limit_error(const LimitDecision& d) {
  std::string message = "rate limit exceeded: " + std::string(whose(d.layer)) + " allows " + describe_limit(d);
  if (d.velocity) message += " (tightened: unusual error rate from unauthenticated clients)";
  message += "; retry in " + std::to_string(d.retry_after_s) + " s";
  Error e = make_error(ErrorKind::kRateLimited, std::move(message), "rate_limit_exceeded");
  e.retry_after_s = static_cast<int>(std::max<int64_t>(1, d.retry_after_s));
  return e;
}

}  // namespace gw
