// curl_http_client.cc - CurlHttpClient: pull-based HTTP over the curl multi
// interface on ordinary threads (gw chat, the CLI; fiber loops use
// FiberCurlClient), one easy handle per transfer, connections pooled per thread.
//
// Each thread that calls open() lazily gets a ThreadCurl: a CURLM* (whose
// connection cache keeps upstream connections alive between requests) and a
// free list of CURL* easy handles. A CurlResponseStream owns one easy handle
// while it lives and gives it back to that list when destroyed (after removing
// it from the multi; curl closes a connection abandoned mid-body instead of
// reusing it). Several streams may be open on one thread at once: driving any
// of them drives all, and each transfer's callbacks fill only its own buffers.
//
// A request's cancel flag (HttpRequest::cancel) is read between polls, which
// then wait at most kCancelPollMs: a cancelled transfer is removed from the
// multi at once, so its connection closes and the server sees the caller go.
//
// Thread-safety: CurlHttpClient is stateless and may be shared. A
// ResponseStream must be used and destroyed on the thread that opened it
// (its cancel flag may be set from any thread).
#include "proxy/io/curl_http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <string>
#include <vector>

#include "proxy/io/curl_transfer.h"
#include "proxy/io/fiber_loop.h"

namespace gw {
namespace {

constexpr long kMaxCachedConnections = 32;  // per-thread connection cache size

// The calling thread's multi handle and idle easy handles.
class ThreadCurl {
 public:
  static ThreadCurl& get() {
    thread_local ThreadCurl instance;
    return instance;
  }
  ThreadCurl(const ThreadCurl&) = delete;
  ThreadCurl& operator=(const ThreadCurl&) = delete;

  CURLM* multi() const { return multi_; }

  CurlEasyPool& easy() { return easy_; }

 private:
  ThreadCurl() : multi_(curl_multi_init()) { curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, kMaxCachedConnections); }
  ~ThreadCurl() { curl_multi_cleanup(multi_); }

  CurlEasyPool easy_;  // destroyed after the multi is cleaned up
  CURLM* multi_;
};

// One transfer on the calling thread's multi handle; it is the ResponseStream
// handed to the caller.
class CurlResponseStream final : public CurlTransfer {
 public:
  explicit CurlResponseStream(const HttpRequest& request) : CurlTransfer(request), curl_(ThreadCurl::get()) {}

  ~CurlResponseStream() override {
    detach();
    if (easy_) curl_.easy().release(easy_);
  }

  // Starts the transfer and drives it until the response head has arrived.
  Status open(const HttpRequest& request, const CurlOptions& options) {
    CURL* easy = curl_.easy().acquire();
    if (!easy) return make_error(ErrorKind::kInternal, "cannot create a curl handle");
    configure(easy, request, options);
    if (curl_multi_add_handle(curl_.multi(), easy_) != CURLM_OK)
      return make_error(ErrorKind::kInternal, "cannot start a curl transfer");
    in_multi_ = true;
    wait(Want::kHead);
    return head_status();
  }

 private:
  // Drives every transfer of this thread until this one wants no more (or
  // has finished: cleanly, by curl error, or by the read-timeout check).
  void wait(Want want) override {
    CURLM* multi = curl_.multi();
    while (wants(want)) {
      int running = 0;
      if (curl_multi_perform(multi, &running) != CURLM_OK) {
        end(make_error(ErrorKind::kInternal, "curl multi handle failed"));
        return;
      }
      collect_finished(multi);
      if (!wants(want)) return;
      int64_t now = FiberLoop::now_ns();
      int64_t deadline = -1;
      if (!within_limits(now, deadline)) {
        detach();
        return;
      }
      int wait_ms = 1000;  // curl's own timers (connect timeout) still wake the poll
      if (deadline >= 0) wait_ms = static_cast<int>(std::min<int64_t>(wait_ms, (deadline - now + 999'999) / 1'000'000));
      curl_multi_poll(multi, nullptr, 0, wait_ms, nullptr);
    }
  }

  void end(Error error) {
    detach();
    fail(std::move(error));
  }

  // Hands each finished transfer of the thread (not only ours) its result.
  static void collect_finished(CURLM* multi) {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CurlTransfer* transfer = nullptr;  // configure() stores the CurlTransfer
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&transfer));
      CURLcode code = msg->data.result;  // read before removal invalidates msg
      if (auto* owner = static_cast<CurlResponseStream*>(transfer)) {
        owner->detach();
        owner->finish(code);
      }
    }
  }

  void detach() {
    if (in_multi_) curl_multi_remove_handle(curl_.multi(), easy_);
    in_multi_ = false;
  }

  ThreadCurl& curl_;
  bool in_multi_ = false;
};

}  // namespace

CurlHttpClient::CurlHttpClient(CurlOptions options) : options_(std::move(options)) {}

CurlHttpClient::~CurlHttpClient() = default;

Result<std::unique_ptr<ResponseStream>> CurlHttpClient::open(const HttpRequest& request) {
  auto stream = std::make_unique<CurlResponseStream>(request);
  Status opened = stream->open(request, options_);
  if (!opened.ok()) return opened.error();
  return std::unique_ptr<ResponseStream>(std::move(stream));
}

}  // namespace gw
