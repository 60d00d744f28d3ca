#include "proxy/io/mock_http_client.h"

namespace gw {
namespace {

class MockStream final : public ResponseStream {
 public:
  MockStream(MockReply reply, Clock& clock) : reply_(std::move(reply)), clock_(clock) {
    reply_.headers.set("Content-Type", reply_.content_type);
  }
  int status() const override { return reply_.status; }
  const Headers& headers() const override { return reply_.headers; }
  const Status& error() const override { return error_; }
  bool ended() const override {
    return reply_.streaming ? index_ >= reply_.chunks.size() && !reply_.truncated : sent_body_;
  }

  bool next(std::string& chunk) override {
    chunk.clear();
    if (!reply_.streaming) {
      if (sent_body_) return false;
      sent_body_ = true;
      chunk = std::move(reply_.body);
      return true;
    }
    if (index_ >= reply_.chunks.size()) {
      if (reply_.truncated) error_ = make_error(ErrorKind::kUpstreamError, "stream from provider ended unexpectedly");
      return false;
    }
    clock_.sleep_ms(reply_.chunk_delay_ms);
    chunk = std::move(reply_.chunks[index_++]);
    return true;
  }

 private:
  MockReply reply_;
  Clock& clock_;
  size_t index_ = 0;
  bool sent_body_ = false;
  Status error_ = ok_status();
};

// "mock://local/v1/chat/completions" -> "/v1/chat/completions"
std::string_view path_of(std::string_view url) {
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  return slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
}

}  // namespace

Result<std::unique_ptr<ResponseStream>> MockHttpClient::open(const HttpRequest& request) {
  MockReply reply = upstream_.handle(request.method, path_of(request.url), request.headers, request.body);
  if (reply.latency_ms > request.read_timeout_ms) {
    clock_.sleep_ms(request.read_timeout_ms);
    return make_error(ErrorKind::kUpstreamTimeout,
                      "provider did not answer within " + std::to_string(request.read_timeout_ms) + " ms");
  }
  clock_.sleep_ms(reply.latency_ms);
  return std::unique_ptr<ResponseStream>(std::make_unique<MockStream>(std::move(reply), clock_));
}

}  // namespace gw
