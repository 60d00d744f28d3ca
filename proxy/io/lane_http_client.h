// lane_http_client.h - LaneHttpClient: runs another HttpClient's blocking
// transfers (libcurl's) off the fiber loop. Called from a FiberLoop fiber,
// each transfer gets a BlockingLane: opening it, reading every chunk and
// closing it run on the lane's one thread while the fiber yields, so a slow
// provider never stalls the other requests of the loop. Called from an
// ordinary thread it is the inner client itself.
//
// Thread-safety: as the inner client (CurlHttpClient: any number of threads).
#pragma once

#include <memory>

#include "core/http/http_types.h"

namespace gw {

class LaneHttpClient final : public HttpClient {
 public:
  explicit LaneHttpClient(HttpClient& inner) : inner_(inner) {}
  Result<std::unique_ptr<ResponseStream>> open(const HttpRequest& request) override;

 private:
  HttpClient& inner_;
};

}  // namespace gw
