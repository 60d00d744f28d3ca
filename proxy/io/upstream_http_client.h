// upstream_http_client.h - the HttpClient the gateway calls providers with.
// Plain http:// URLs (local model servers, gw mock) go to PlainHttpClient,
// which skips libcurl's per-request cost; everything else goes to
// CurlHttpClient: https, URLs with user info, and every URL when a proxy is
// configured (http_proxy, HTTP_PROXY, all_proxy or ALL_PROXY set and not
// empty; curl alone knows how to honour proxies and no_proxy).
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
  // variables; `options` set up every curl transfer ([upstream] ca_file, http2).
  explicit UpstreamHttpClient(const EnvLookup& getenv = nullptr, const CurlOptions& options = {});

  Result<std::unique_ptr<ResponseStream>> open(const HttpRequest& request) override;

  // Whether `url` would be carried by PlainHttpClient.
  bool goes_plain(std::string_view url) const;

 private:
  bool proxy_configured_ = false;
  PlainHttpClient plain_;
  CurlHttpClient curl_;           // ordinary threads
  FiberCurlClient curl_on_loop_;  // fibers
};

}  // namespace gw
