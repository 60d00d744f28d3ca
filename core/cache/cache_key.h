// cache_key.h - the exact response cache's key (issue: response cache): the
// SHA-256 of a canonical form of everything that decides an answer, so that
// JSON key order, blanks, unicode escapes and 1 vs 1.0 never make two equal
// requests miss each other, and nothing that changes an answer - or whose
// account asks - can make two different ones meet.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/result.h"

namespace gw {

// Request members left out of the key: the shape of the answer (`stream`,
// `stream_options`: one stored answer serves either shape, answer_shapes.h),
// and labels for the caller's own records.
inline constexpr std::string_view kCacheIgnoredMembers[] = {"stream", "stream_options", "user", "metadata"};

struct CacheKeyInput {
  std::string_view route;   // "/v1/chat/completions", "/v1/messages", "/v1/responses"
  std::string_view model;   // the resolved canonical model ID
  std::string_view tenant;  // the user (or key) the answer belongs to; never shared across tenants
  std::string_view body;    // the request body as the caller sent it (JSON)
  // Request headers that change behaviour (`anthropic-beta`, `anthropic-version`,
  // `openai-beta`), as name (lower case) and value; their order does not matter.
  std::vector<std::pair<std::string, std::string>> headers;
};

// The key, 64 lowercase hex digits. kInvalidRequest when the body is not a
// JSON object (such a request is never cached).
Result<std::string> cache_key(const CacheKeyInput& in);

// A JSON object body in canonical form: sorted keys, no blanks, strings in
// UTF-8, integral floats as integers, without the `ignored` members. A name
// with dots ("metadata.session_id") reaches into nested objects. Shared with
// the cassettes' request matching (core/cassette). kInvalidRequest when the
// body is not a JSON object.
Result<std::string> canonical_json_body(std::string_view body, const std::vector<std::string_view>& ignored);

// The canonical text the key hashes (exposed for tests and `gw cache`
// diagnostics): one line per part, the body last, as JSON with sorted keys,
// no blanks, strings in UTF-8, integral floats as integers, and
// kCacheIgnoredMembers removed from its top level.
Result<std::string> cache_key_text(const CacheKeyInput& in);

}  // namespace gw
