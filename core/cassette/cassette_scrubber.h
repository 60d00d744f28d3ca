// cassette_scrubber.h - keeps secrets out of what a recording writes. Before
// an exchange is written: request headers are reduced to those that change
// an answer (kept_request_header), so Authorization, x-api-key,
// x-goog-api-key, api-key and cookies never reach a file; every configured
// secret value (provider keys, the master key, the server secret) is
// replaced wherever it appears - path, headers, bodies, frames - by
// "<redacted:NAME>"; and the request's path, headers and body also go
// through scrub_secrets (core/crypto), which removes anything shaped like a
// key (sk-..., gw_live_..., bearer tokens, key=...). Answers are not
// pattern-scrubbed (replay must give back their bytes); `gw cassette lint`
// reports what looks like a secret in them.
//
// Thread-safety: build it, then scrub() from any thread.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/cassette/exchange.h"

namespace gw {

// True for the request headers a cassette keeps (lower or any case):
// content-type, anthropic-version, anthropic-beta, openai-beta.
bool kept_request_header(std::string_view name);
// True for the response headers a cassette keeps: content-type,
// retry-after, and rate-limit headers (x-ratelimit-*, anthropic-ratelimit-*).
bool kept_response_header(std::string_view name);

class CassetteScrubber {
 public:
  // A secret to replace by "<redacted:name>". Values shorter than 8
  // characters are ignored (they would match ordinary text).
  void add_secret(std::string name, std::string value);

  // `e` with its secrets removed (see the file comment).
  Exchange scrub(Exchange e) const;
  // `text` with every configured secret value replaced.
  std::string replace_secrets(std::string text) const;

 private:
  std::vector<std::pair<std::string, std::string>> secrets_;  // name, value; longest value first
};

}  // namespace gw
