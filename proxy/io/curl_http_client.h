// curl_http_client.h - the real HttpClient, over libcurl.
//
// open() performs the request on a curl multi handle owned by the calling
// thread and returns as soon as the response head has arrived; next() keeps
// driving the same transfer and hands over body bytes as they come, so a
// stream passes through chunk by chunk. Connections are kept alive and reused
// per thread (each worker thread keeps its own multi handle and connection
// cache), so steady traffic to one provider opens no new connections.
//
// Thread-safety: one CurlHttpClient may be shared by any number of threads;
// each ResponseStream belongs to the thread that opened it.
#pragma once

#include <memory>

#include "core/http/http_types.h"
#include "proxy/io/curl_transfer.h"

namespace gw {

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlOptions options = {});
  ~CurlHttpClient() override;
  Result<std::unique_ptr<ResponseStream>> open(const HttpRequest& request) override;

 private:
  const CurlOptions options_;
};

}  // namespace gw
