// error.h - the one table of error kinds.
//
// Every failure gw reports has an ErrorKind. One table maps each kind to its
// HTTP status, its OpenAI error type/code, its Anthropic error type and the CLI
// exit code, so the server, the SDK-facing bodies and `gw` exit codes can never
// disagree. Pure data; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace gw {

enum class ErrorKind {
  kInvalidRequest,        // malformed JSON, missing/invalid field (400)
  kUnauthorized,          // missing, bad or revoked key (401)
  kPaymentRequired,       // balance cannot cover the request (402)
  kForbidden,             // key not allowed here: role, IP, domain (403)
  kNotFound,              // unknown model or route (404)
  kConflict,              // the thing to create exists already (409)
  kPayloadTooLarge,       // request body over the limit (413)
  kHeadersTooLarge,       // request head (or a chunked body's trailers) over the limit (431)
  kUnsupportedMediaType,  // request body of a type the route does not take (415)
  kRequestTimeout,        // the client did not send its request in time (408)
  kRateLimited,           // a limiter layer said no (429)
  kInternal,              // a bug in gw (500)
  kUpstreamError,         // provider answered with an error / garbage (502)
  kUnavailable,           // no provider could serve it (503)
  kUpstreamTimeout,       // provider did not answer in time (504)
  kUsage,                 // CLI: bad command-line usage (no HTTP equivalent)
  kConfig,                // bad configuration file or setting
  kIo,                    // local file/database problem
  kCassetteMiss,          // strict replay: no recording of this provider request (404; proxy/cassette/)
};

struct ErrorInfo {
  ErrorKind kind;
  std::string_view name;  // stable snake_case name, used in logs and docs
  int http_status;
  std::string_view openai_type;     // error.type in OpenAI bodies
  std::string_view anthropic_type;  // error.type in Anthropic bodies
  int exit_code;                    // `gw` process exit code for this kind
  std::string_view meaning;         // one line for the man page / --help
};

// The table itself (one row per ErrorKind, in enum order).
const ErrorInfo& error_info(ErrorKind kind);
const ErrorInfo* error_table_begin();
const ErrorInfo* error_table_end();

// A failure value: kind plus a human message. `code` is the OpenAI error.code
// (e.g. "model_not_found"); `param` names the offending field when known.
struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
  std::string code;
  std::string param;
  int retry_after_s = 0;  // > 0: send Retry-After (429, 503)

  int http_status() const { return error_info(kind).http_status; }
  int exit_code() const { return error_info(kind).exit_code; }
};

Error make_error(ErrorKind kind, std::string message, std::string code = {}, std::string param = {});

// Bodies in each client's dialect. Never contain stack traces or secrets.
std::string openai_error_body(const Error& e);
std::string anthropic_error_body(const Error& e);

// Maps an upstream HTTP status to the kind gw reports for it.
ErrorKind kind_for_upstream_status(int status);

// The table's kind for a status gw itself answered with (the CLI reading a
// server's reply); unknown 5xx -> kUpstreamError, other unknown -> kInvalidRequest.
ErrorKind kind_for_gw_status(int status);

}  // namespace gw
