// http_request_head.h - writes the HTTP/1.1 request head a plain client
// sends: request line, Host, the caller's header fields, Content-Length.
// Pure; thread-safe.
#pragma once

#include <string>

#include "core/http/http_types.h"
#include "core/http/http_url.h"

namespace gw {

// Whether `request` is sent with a body (and so a Content-Length): every
// method but HEAD, and GET only when it has body bytes. Matches curl's choice.
bool sends_body(const HttpRequest& request);

// Appends the head of `request` (without its body) to `out`. `url` is
// request.url parsed. The caller's Host, Content-Length, Transfer-Encoding,
// Expect and Connection fields are left out: the client frames the body
// itself, never asks for 100-continue, and keeps the connection alive (the
// HTTP/1.1 default). A field with an empty value is sent as "Name: ".
void append_request_head(const HttpRequest& request, const HttpUrl& url, std::string& out);

}  // namespace gw
