// sentry_envelope.h - what gw needs of Sentry's protocol to report an error
// to any Sentry-compatible receiver: the DSN, the envelope endpoint and its
// auth header, and one error event as an envelope
// (https://develop.sentry.dev/sdk/envelopes/). Messages are scrubbed of
// secrets here, so no caller can forget. Pure; thread-safe.
//
//   DSN  https://PUBLIC_KEY@host[:port][/path]/PROJECT_ID
//   ->   POST https://host[:port][/path]/api/PROJECT_ID/envelope/
//        X-Sentry-Auth: Sentry sentry_version=7, sentry_client=gw/VERSION, sentry_key=PUBLIC_KEY
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace gw {

struct SentryDsn {
  std::string envelope_url;  // where envelopes are POSTed
  std::string public_key;    // goes only into the auth header
  std::string project_id;
};

// kConfig errors say what is wrong without echoing the key.
Result<SentryDsn> parse_sentry_dsn(std::string_view dsn);

std::string sentry_auth_header(const SentryDsn& dsn);

struct ErrorReport {
  std::string event_id;  // 32 hex
  int64_t unix_ms = 0;
  std::string type;                         // "internal", "exception"
  std::string message;                      // scrubbed before it is written
  std::map<std::string, std::string> tags;  // route, request_id, provider...; values scrubbed too
};

// The envelope body (three newline-separated JSON lines: envelope header,
// item header, event).
std::string sentry_envelope(const ErrorReport& report);

}  // namespace gw
