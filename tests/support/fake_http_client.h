// fake_http_client.h - an HttpClient for tests that answers from a script.
//
// Queue outcomes with respond() (whole body), respond_stream() (body in the
// given chunks, optionally cut short) or fail() (open() returns the error);
// each open() takes the next one, in order. With nothing queued, open()
// returns kUnavailable "fake: no response scripted". Every request received
// is recorded, in order, for requests().
// Thread-safe: scripting, open() and requests() may be called concurrently.
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "core/http/http_types.h"

namespace gw {

class FakeHttpClient : public HttpClient {
 public:
  // The next open() gets a response with this status and body (one chunk).
  void respond(int status, std::string body, Headers headers = {});
  // The next open() gets a response whose body arrives as `chunks`, one per
  // next(). When `truncated`, the body ends after the last chunk with
  // error() = kUpstreamError, as if the connection had been cut.
  void respond_stream(int status, std::vector<std::string> chunks, bool truncated = false, Headers headers = {});
  // The next open() returns `error`.
  void fail(Error error);

  Result<std::unique_ptr<ResponseStream>> open(const HttpRequest& request) override;

  // Copies of every request open() received, oldest first.
  std::vector<HttpRequest> requests() const;
  // Outcomes queued and not yet used.
  size_t pending() const;

 private:
  struct Scripted {
    int status = 200;
    Headers headers;
    std::vector<std::string> chunks;
    bool truncated = false;
  };

  mutable std::mutex mu_;
  std::deque<std::variant<Scripted, Error>> script_;
  std::vector<HttpRequest> requests_;
};

}  // namespace gw
