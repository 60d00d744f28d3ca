// transport_errors.h - the errors an HttpClient reports when the transfer
// itself fails (not when the provider answers with an error status). Every
// HttpClient builds them here, so a caller sees the same kinds, codes and
// wording whichever client carried the request. `authority` is "host:port"
// (see url_authority): never user info, path or query. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/base/error.h"

namespace gw {

// Connecting, or waiting for bytes, took longer than `ms` (kUpstreamTimeout).
Error transfer_timeout(std::string_view authority, int ms);

// HttpRequest::cancel was set (kUnavailable, code "cancelled").
Error transfer_cancelled(std::string_view authority);

// No connection, or no response head: refused, reset, DNS (kUnavailable).
Error provider_unreachable(std::string_view authority, std::string_view detail);

// The body stopped before its end: connection cut or bad framing (kUpstreamError).
Error stream_cut(std::string_view authority, std::string_view detail);

// Anything else that failed before a response head (kUpstreamError).
Error transfer_failed(std::string_view authority, std::string_view detail);

}  // namespace gw
