// fiber_curl_client.h - FiberCurlClient: the HttpClient for https providers
// (and anything else curl must carry) from inside a FiberLoop fiber. Each
// transfer runs on its loop's LoopCurl (loop_curl.h): no thread per
// transfer, connections, TLS sessions and DNS reused per loop, HTTP/2 when
// the provider offers it. open() returns when the response head has
// arrived; next() hands over body bytes as they come.
//
// Timeouts: connecting is curl's (HttpRequest::connect_timeout_ms); the read
// timeout is gw's, between any two bytes and for the whole head after the
// connection is made, as the other clients. HttpRequest::cancel is read at
// least every kCancelPollMs.
//
// Thread-safety: the client is stateless and may be shared; open() must be
// called from a fiber, and a stream used and destroyed on that fiber's loop.
#pragma once

#include <memory>

#include "core/http/http_types.h"
#include "proxy/io/curl_transfer.h"

namespace gw {

class FiberCurlClient final : public HttpClient {
 public:
  explicit FiberCurlClient(CurlOptions options = {}) : options_(std::move(options)) {}
  // Requires FiberLoop::current() (a fiber of a loop).
  Result<std::unique_ptr<ResponseStream>> open(const HttpRequest& request) override;

 private:
  const CurlOptions options_;
};

}  // namespace gw
