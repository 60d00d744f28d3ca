// fiber_curl_client.cc - FiberCurlClient and its stream, a CurlTransfer on
// the loop's LoopCurl. Contracts in fiber_curl_client.h.
#include "proxy/io/fiber_curl_client.h"

#include <curl/curl.h>

#include "proxy/io/fiber_loop.h"
#include "proxy/io/loop_curl.h"

namespace gw {
namespace {

class FiberCurlStream final : public CurlTransfer, public LoopTransfer {
 public:
  FiberCurlStream(const HttpRequest& request, LoopCurl& curl) : CurlTransfer(request), curl_(curl) {}

  ~FiberCurlStream() override {
    detach();
    if (easy_) curl_.easy().release(easy_);
  }

  Status open(const HttpRequest& request, const CurlOptions& options) {
    CURL* easy = curl_.easy().acquire();
    if (!easy) return make_error(ErrorKind::kInternal, "cannot create a curl handle");
    configure(easy, request, options);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, static_cast<LoopTransfer*>(this));
    in_multi_ = true;  // before add(): the transfer may end inside it
    if (!curl_.add(easy)) {
      in_multi_ = false;
      return make_error(ErrorKind::kInternal, "cannot start a curl transfer");
    }
    wait(Want::kHead);
    return head_status();
  }

 private:
  void wait(Want want) override {
    while (wants(want)) {
      int64_t deadline = -1;
      if (!within_limits(FiberLoop::now_ns(), deadline)) {
        detach();
        return;
      }
      curl_.wait(
          *this, [&] { return !wants(want); }, deadline);
    }
  }

  void progressed() override { curl_.wake(*this); }

  void ended(CURLcode code) override {
    detach();
    finish(code);
  }

  void detach() {
    if (in_multi_) curl_.remove(easy_);
    in_multi_ = false;
  }

  LoopCurl& curl_;
  bool in_multi_ = false;
};

}  // namespace

Result<std::unique_ptr<ResponseStream>> FiberCurlClient::open(const HttpRequest& request) {
  FiberLoop* loop = FiberLoop::current();
  if (!loop) return make_error(ErrorKind::kInternal, "FiberCurlClient::open outside a fiber loop");
  auto stream = std::make_unique<FiberCurlStream>(request, LoopCurl::get(*loop));
  Status opened = stream->open(request, options_);
  if (!opened.ok()) return opened.error();
  return std::unique_ptr<ResponseStream>(std::move(stream));
}

}  // namespace gw
