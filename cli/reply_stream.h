// reply_stream.h - adapts a Reply from an in-process Gateway to the
// ResponseStream interface, so `gw chat` reads an in-process answer and an
// answer from a server the same way. Single-threaded.
#pragma once

#include <memory>

#include "core/http/http_types.h"
#include "proxy/server/http_server.h"

namespace gw {

std::unique_ptr<ResponseStream> make_reply_stream(Reply reply);

}  // namespace gw
