// plain_http_client.h - gw's own HTTP/1.1 client ("plain": without libcurl
// and its per-request cost), over raw sockets: plain http:// upstreams (local
// model servers: Ollama, vLLM, LM Studio, llama.cpp, gw mock) and, given a
// TlsClient, https providers over OpenSSL (tls_client.h). Same contract as CurlHttpClient: open()
// returns once the final response head has arrived (interim 1xx heads are
// skipped, redirects are not followed); next() hands over body bytes as they
// arrive (Content-Length, chunked - decoded - or until close); the same
// transport errors (core/http/transport_errors.h); HttpRequest::cancel is looked at
// every kCancelPollMs and drops the connection.
//
// Connections are kept alive per thread (ConnectionPool) and reused once a
// response was read to its end with nothing after it, without "Connection:
// close" and without doubt about its framing (see ResponseHead::keep_alive);
// the pool checks an idle connection is still clean before reuse. A response
// whose Content-Lengths disagree fails (kUpstreamError). A reused
// connection the server closed while idle (closed or reset before any byte of
// the answer) is retried once on a fresh connection, as curl does.
//
// Thread-safety: PlainHttpClient is stateless and may be shared. A
// ResponseStream must be used and destroyed on one thread at a time (its
// cancel flag may be set from any thread).
#pragma once

#include <memory>

#include "core/http/http_types.h"
#include "proxy/io/tls_client.h"

namespace gw {

class PlainHttpClient final : public HttpClient {
 public:
  // `tls`: the trust for https URLs (null: http:// only).
  explicit PlainHttpClient(std::shared_ptr<const TlsClient> tls = nullptr) : tls_(std::move(tls)) {}
  // Requires a URL without user info, http:// (or https:// with TLS
  // settings); other URLs fail (kUpstreamError).
  Result<std::unique_ptr<ResponseStream>> open(const HttpRequest& request) override;

 private:
  std::shared_ptr<const TlsClient> tls_;
};

}  // namespace gw
