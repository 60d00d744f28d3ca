// mock_http_client.h - an HttpClient that answers from a MockUpstream in the
// same process (the built-in `mock` provider: no socket, no key). Latency and
// per-chunk delays are real waits on the given Clock. Thread-safe.
#pragma once

#include "core/base/clock.h"
#include "core/http/http_types.h"
#include "core/mock/mock_upstream.h"

namespace gw {

class MockHttpClient final : public HttpClient {
 public:
  MockHttpClient(MockUpstream& upstream, Clock& clock) : upstream_(upstream), clock_(clock) {}
  Result<std::unique_ptr<ResponseStream>> open(const HttpRequest& request) override;

 private:
  MockUpstream& upstream_;
  Clock& clock_;
};

}  // namespace gw
