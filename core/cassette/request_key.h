// request_key.h - what makes two provider requests "the same" for replay:
// the provider, the method, the URL path (no host, no query: hosts change
// between machines and queries carry keys), and the body in canonical form
// (cache_key.h's: key order, blanks, unicode escapes and 1 vs 1.0 do not
// matter) without the ignored members. A multipart body's boundary (chosen
// at random by each client) is replaced by a fixed one first. The resolved
// model is part of the body (or of the path, for Gemini). Repeats of one
// key are told apart by their ordinal, which the deck counts.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/cassette/cassette_settings.h"
#include "core/http/http_types.h"

namespace gw {

// A name for the ignored list ([cassette] match_ignore, --match-ignore):
// members joined by single dots ("metadata.session_id"), no blanks, quotes or
// brackets. kConfig naming what is wrong.
Status check_ignored_member(std::string_view name);

struct RequestKey {
  std::string provider;
  std::string method;
  std::string path;
  std::string model;           // the body's "model" ("" when none)
  std::string canonical_body;  // canonical JSON; else the body with a fixed multipart boundary
  std::string hash;            // 64 hex digits over all of the above
};

// `ignored`: member names, dots reaching into objects ("metadata.session_id").
RequestKey request_key(std::string_view provider, const HttpRequest& request, const std::vector<std::string>& ignored);

// The path of an absolute URL, without its query: "http://h:1/v1/x?key=s" -> "/v1/x".
std::string url_path(std::string_view url);

}  // namespace gw
