// body_content_type.h - which Content-Type a route's request body must carry.
// JSON routes take only JSON, upload routes only multipart/form-data: a web
// page can send a cross-site POST without a CORS preflight only as
// text/plain, application/x-www-form-urlencoded or multipart/form-data, so
// refusing those on JSON routes (415) closes that door even before the
// Origin check. Pure functions; thread-safe; no allocation.
#pragma once

#include <string_view>

namespace gw {

enum class BodyType {
  kJson,       // application/json, application/<anything>+json; parameters (charset) allowed
  kMultipart,  // multipart/form-data (with its boundary parameter)
};

// True when a request whose Content-Type header is `content_type` ("" when
// absent) may carry a body of `type`. Media types compare case-insensitively.
bool content_type_fits(BodyType type, std::string_view content_type);

// The media type a route of `type` expects, for error messages.
std::string_view expected_content_type(BodyType type);

}  // namespace gw
