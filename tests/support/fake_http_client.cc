#include "tests/support/fake_http_client.h"

#include <utility>

namespace gw {
namespace {

// Hands out pre-set chunks one per next(); ends cleanly (ended() once the
// last one is out) or, when truncated, with kUpstreamError.
class ScriptedStream : public ResponseStream {
 public:
  ScriptedStream(int status, Headers headers, std::vector<std::string> chunks, bool truncated)
      : status_(status), headers_(std::move(headers)), chunks_(std::move(chunks)), truncated_(truncated) {}

  int status() const override { return status_; }
  const Headers& headers() const override { return headers_; }

  bool next(std::string& chunk) override {
    chunk.clear();
    if (next_ < chunks_.size()) {
      chunk = chunks_[next_++];
      return true;
    }
    if (truncated_) error_ = make_error(ErrorKind::kUpstreamError, "fake: stream truncated");
    return false;
  }

  const Status& error() const override { return error_; }
  bool ended() const override { return next_ >= chunks_.size() && !truncated_; }

 private:
  int status_;
  Headers headers_;
  std::vector<std::string> chunks_;
  bool truncated_;
  size_t next_ = 0;
  Status error_ = ok_status();
};

}  // namespace

void FakeHttpClient::respond(int status, std::string body, Headers headers) {
  std::vector<std::string> chunks;
  if (!body.empty()) chunks.push_back(std::move(body));
  respond_stream(status, std::move(chunks), false, std::move(headers));
}

void FakeHttpClient::respond_stream(int status, std::vector<std::string> chunks, bool truncated, Headers headers) {
  std::lock_guard<std::mutex> lock(mu_);
  script_.emplace_back(Scripted{status, std::move(headers), std::move(chunks), truncated});
}

void FakeHttpClient::fail(Error error) {
  std::lock_guard<std::mutex> lock(mu_);
  script_.emplace_back(std::move(error));
}

Result<std::unique_ptr<ResponseStream>> FakeHttpClient::open(const HttpRequest& request) {
  std::variant<Scripted, Error> next;
  {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(request);
    if (script_.empty()) return make_error(ErrorKind::kUnavailable, "fake: no response scripted");
    next = std::move(script_.front());
    script_.pop_front();
  }
  if (auto* e = std::get_if<Error>(&next)) return std::move(*e);
  auto& s = std::get<Scripted>(next);
  return std::unique_ptr<ResponseStream>(
      std::make_unique<ScriptedStream>(s.status, std::move(s.headers), std::move(s.chunks), s.truncated));
}

std::vector<HttpRequest> FakeHttpClient::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

size_t FakeHttpClient::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return script_.size();
}

}  // namespace gw
