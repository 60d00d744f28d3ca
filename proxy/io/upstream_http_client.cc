// upstream_http_client.cc - UpstreamHttpClient: picks the client per URL.
// Thread-safety: see the header.
#include "proxy/io/upstream_http_client.h"

#include <cstdlib>

#include "proxy/io/fiber_loop.h"

namespace gw {
namespace {

constexpr const char* kProxyVariables[] = {"http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"};

}  // namespace

UpstreamHttpClient::UpstreamHttpClient(const EnvLookup& getenv, const CurlOptions& options,
                                       std::shared_ptr<const TlsClient> tls)
    : https_plain_(tls && !options.http2), plain_(std::move(tls)), curl_(options), curl_on_loop_(options) {
  for (const char* name : kProxyVariables) {
    const char* value = getenv ? getenv(name) : std::getenv(name);
    if (value && *value) proxy_configured_ = true;
  }
}

bool UpstreamHttpClient::goes_plain(std::string_view url) const {
  if (proxy_configured_) return false;
  size_t skip = 0;
  if (url.size() >= 7 && iequals(url.substr(0, 7), "http://")) skip = 7;
  else if (https_plain_ && url.size() >= 8 && iequals(url.substr(0, 8), "https://")) skip = 8;
  else return false;
  for (char c : url.substr(skip)) {  // the authority: user info ("user@") goes to curl
    if (c == '/' || c == '?' || c == '#') break;
    if (c == '@') return false;
  }
  return true;
}

Result<std::unique_ptr<ResponseStream>> UpstreamHttpClient::open(const HttpRequest& request) {
  if (goes_plain(request.url)) return plain_.open(request);
  if (FiberLoop::current()) return curl_on_loop_.open(request);
  return curl_.open(request);
}

}  // namespace gw
