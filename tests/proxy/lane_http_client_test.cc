// lane_http_client_test.cc - LaneHttpClient: in a fiber, a transfer's open,
// every read and its close run on one lane thread (never the loop's), so a
// blocking client stays correct and leaves the loop free; outside a fiber it
// is the inner client. A recording client stands in for curl; no network.
#include "proxy/io/lane_http_client.h"

#include <doctest/doctest.h>

#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "proxy/io/fiber_loop.h"

namespace gw {
namespace {

// Records the thread of every call it gets; answers two chunks.
class ThreadRecordingClient final : public HttpClient {
 public:
  std::vector<std::pair<std::string, std::thread::id>> calls;  // guarded by mu
  std::mutex mu;

  void note(std::string what) {
    std::lock_guard<std::mutex> lock(mu);
    calls.emplace_back(std::move(what), std::this_thread::get_id());
  }

  Result<std::unique_ptr<ResponseStream>> open(const HttpRequest& request) override {
    note("open");
    if (request.url == "http://refused") return make_error(ErrorKind::kUnavailable, "refused");
    return std::unique_ptr<ResponseStream>(new Stream(*this));
  }

 private:
  class Stream final : public ResponseStream {
   public:
    explicit Stream(ThreadRecordingClient& c) : c_(c) {}
    ~Stream() override { c_.note("close"); }
    int status() const override { return 200; }
    const Headers& headers() const override { return headers_; }
    const Status& error() const override { return status_; }
    bool next(std::string& chunk) override {
      c_.note("next");
      chunk = left_ > 0 ? "chunk" + std::to_string(left_) : "";
      return left_-- > 0;
    }

   private:
    ThreadRecordingClient& c_;
    Headers headers_;
    Status status_ = ok_status();
    int left_ = 2;
  };
};

TEST_CASE("lane client: in a fiber, open, reads and close run on one thread that is not the loop's") {
  ThreadRecordingClient inner;
  LaneHttpClient client(inner);
  std::thread::id loop_thread;
  std::string body, refused;
  FiberLoop loop;
  std::thread t([&] { loop.run(); });
  loop.spawn([&] {
    loop_thread = std::this_thread::get_id();
    HttpRequest request;
    request.url = "http://upstream/v1";
    auto stream = client.open(request);
    REQUIRE(stream.ok());
    std::string chunk;
    while ((*stream)->next(chunk)) body += chunk;
    stream->reset();
    request.url = "http://refused";
    auto failed = client.open(request);
    refused = failed.ok() ? "opened" : failed.error().message;
  });
  loop.finish();
  t.join();
  CHECK(body == "chunk2chunk1");
  CHECK(refused == "refused");
  REQUIRE(inner.calls.size() == 6);  // open, next x3, close; open (refused)
  std::set<std::thread::id> transfer_threads;
  for (size_t i = 0; i < 5; ++i) transfer_threads.insert(inner.calls[i].second);
  CHECK(transfer_threads.size() == 1);
  CHECK(*transfer_threads.begin() != loop_thread);
  CHECK(inner.calls[4].first == "close");
}

TEST_CASE("lane client: outside a fiber it calls the inner client on the caller's thread") {
  ThreadRecordingClient inner;
  LaneHttpClient client(inner);
  HttpRequest request;
  request.url = "http://upstream/v1";
  auto stream = client.open(request);
  REQUIRE(stream.ok());
  std::string chunk;
  CHECK((*stream)->next(chunk));
  CHECK(chunk == "chunk2");
  stream->reset();
  REQUIRE(inner.calls.size() == 3);
  for (const auto& call : inner.calls) CHECK(call.second == std::this_thread::get_id());
}

}  // namespace
}  // namespace gw
