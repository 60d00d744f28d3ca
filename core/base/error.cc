#include "core/base/error.h"

#include <nlohmann/json.hpp>

namespace gw {
namespace {

// Exit codes follow sysexits(3) where one fits, so scripts can tell
// "you typed it wrong" (64) from "the service is down" (69).
constexpr ErrorInfo kErrors[] = {
    {ErrorKind::kInvalidRequest, "invalid_request", 400, "invalid_request_error", "invalid_request_error", 65,
     "the request was malformed or invalid"},
    {ErrorKind::kUnauthorized, "unauthorized", 401, "authentication_error", "authentication_error", 77,
     "missing, invalid or revoked API key"},
    {ErrorKind::kPaymentRequired, "payment_required", 402, "insufficient_quota", "billing_error", 75,
     "not enough credits, or plan does not allow this model"},
    {ErrorKind::kForbidden, "forbidden", 403, "permission_error", "permission_error", 77,
     "key not permitted here (role, IP or domain)"},
    {ErrorKind::kNotFound, "not_found", 404, "invalid_request_error", "not_found_error", 66,
     "unknown model, route or object"},
    {ErrorKind::kConflict, "conflict", 409, "invalid_request_error", "invalid_request_error", 73,
     "the thing to create exists already"},
    {ErrorKind::kPayloadTooLarge, "payload_too_large", 413, "invalid_request_error", "request_too_large", 65,
     "request body over the configured limit"},
    {ErrorKind::kHeadersTooLarge, "headers_too_large", 431, "invalid_request_error", "request_too_large", 65,
     "request head over the 64 KiB limit"},
    {ErrorKind::kUnsupportedMediaType, "unsupported_media_type", 415, "invalid_request_error", "invalid_request_error",
     65, "request body of a content type the route does not accept"},
    {ErrorKind::kRequestTimeout, "request_timeout", 408, "invalid_request_error", "invalid_request_error", 75,
     "the request was not sent within the server's deadline"},
    {ErrorKind::kRateLimited, "rate_limited", 429, "rate_limit_error", "rate_limit_error", 75,
     "a rate limit was reached; retry after Retry-After"},
    {ErrorKind::kInternal, "internal", 500, "server_error", "api_error", 70, "an internal error in gw"},
    {ErrorKind::kUpstreamError, "upstream_error", 502, "upstream_error", "api_error", 69,
     "the provider returned an error"},
    {ErrorKind::kUnavailable, "unavailable", 503, "service_unavailable", "overloaded_error", 69,
     "no provider could serve the request"},
    {ErrorKind::kUpstreamTimeout, "upstream_timeout", 504, "timeout", "timeout_error", 69,
     "the provider did not answer in time"},
    {ErrorKind::kUsage, "usage", 400, "invalid_request_error", "invalid_request_error", 64, "bad command-line usage"},
    {ErrorKind::kConfig, "config", 500, "server_error", "api_error", 78, "invalid configuration"},
    {ErrorKind::kIo, "io", 500, "server_error", "api_error", 74, "a local file or database could not be used"},
    // Only the cassette client makes it (never a provider's answer), so the
    // pipeline can tell a changed test from an upstream failure.
    {ErrorKind::kCassetteMiss, "cassette_miss", 404, "invalid_request_error", "not_found_error", 66,
     "replay found no recording of the request (gw serve --replay)"},
};

}  // namespace

const ErrorInfo& error_info(ErrorKind kind) { return kErrors[static_cast<int>(kind)]; }
const ErrorInfo* error_table_begin() { return std::begin(kErrors); }
const ErrorInfo* error_table_end() { return std::end(kErrors); }

Error make_error(ErrorKind kind, std::string message, std::string code, std::string param) {
  Error e;
  e.kind = kind;
  e.message = std::move(message);
  e.code = std::move(code);
  e.param = std::move(param);
  return e;
}

std::string openai_error_body(const Error& e) {
  const ErrorInfo& info = error_info(e.kind);
  nlohmann::json body = {
      {"error",
       {{"message", e.message},
        {"type", info.openai_type},
        {"param", e.param.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.param)},
        {"code", e.code.empty() ? nlohmann::json(std::string(info.name)) : nlohmann::json(e.code)}}}};
  return body.dump(-1, ' ', false,
                   nlohmann::json::error_handler_t::replace);  // messages may quote a caller's invalid UTF-8
}

std::string anthropic_error_body(const Error& e) {
  nlohmann::json body = {{"type", "error"},
                         {"error", {{"type", error_info(e.kind).anthropic_type}, {"message", e.message}}}};
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ErrorKind kind_for_gw_status(int status) {
  for (const ErrorInfo& e : kErrors)
    if (e.http_status == status) return e.kind;
  return status >= 500 ? ErrorKind::kUpstreamError : ErrorKind::kInvalidRequest;
}

ErrorKind kind_for_upstream_status(int status) {
  switch (status) {
    case 400:
    case 422:
      return ErrorKind::kInvalidRequest;
    case 401:
      return ErrorKind::kUpstreamError;  // our provider key is bad, not the caller's
    case 402:
      return ErrorKind::kUpstreamError;
    case 403:
      return ErrorKind::kUpstreamError;
    case 404:
      return ErrorKind::kNotFound;
    case 413:
      return ErrorKind::kPayloadTooLarge;
    case 429:
      return ErrorKind::kRateLimited;
    case 503:
      return ErrorKind::kUnavailable;
    case 504:
    case 408:
      return ErrorKind::kUpstreamTimeout;
    default:
      return status >= 500 ? ErrorKind::kUpstreamError : ErrorKind::kInvalidRequest;
  }
}

}  // namespace gw
