// upstream_http_client.h - the HttpClient the gateway calls providers with.
// http:// URLs (local model servers, gw mock) and https:// URLs go to
// PlainHttpClient, gw's own HTTP/1.1 client (over OpenSSL for https), which
// skips libcurl's per-request cost; libcurl carries the rest: URLs with user
// info, every URL when a proxy is configured (http_proxy, HTTP_PROXY,
// all_proxy or ALL_PROXY set and not empty; curl alone knows how to honour
// proxies and no_proxy), and https when [upstream] http2 is on (curl speaks
// HTTP/2, many requests multiplexed on one connection).
//
// Inside a FiberLoop fiber (gw serve, gw mock), curl runs on the loop itself
// (FiberCurlClient: curl's socket API, no thread per transfer), as the plain
// client's sockets do; on an ordinary thread (gw chat) curl blocks.
//
// Thread-safety: may be shared by any number of threads (both clients are);
// the proxy settings are read once, at construction.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "core/http/http_types.h"
#include "proxy/io/curl_http_client.h"
#include "proxy/io/fiber_curl_client.h"
#include "proxy/io/plain_http_client.h"

namespace gw {

class UpstreamHttpClient final : public HttpClient {
 public:
  using EnvLookup = std::function<const char*(const char*)>;
  // `getenv` (default: the process environment) is asked for the proxy
  // variables; `options` set up every curl transfer ([upstream] ca_file,
  // http2); `tls` is the trust of gw's own https connections (null: https
  // goes through curl).
  explicit UpstreamHttpClient(const EnvLookup& getenv = nullptr, const CurlOptions& options = {},
                              std::shared_ptr<const TlsClient> tls = nullptr);

  Result<std::unique_ptr<ResponseStream>> open(const HttpRequest& request) override;

  // Whether `url` would be carried by PlainHttpClient.
  bool goes_plain(std::string_view url) const;

 private:
  bool proxy_configured_ = false;
  bool https_plain_ = false;  // https through gw's own client (TLS settings, no http2)
  PlainHttpClient plain_;
  CurlHttpClient curl_;           // ordinary threads
  FiberCurlClient curl_on_loop_;  // fibers
};

}  // namespace gw
