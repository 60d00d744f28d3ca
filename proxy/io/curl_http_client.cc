// curl_http_client.cc - CurlHttpClient: pull-based HTTP/1.1 over the curl
// multi interface, one easy handle per transfer, connections pooled per thread.
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
#include <charconv>
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "core/http/http_url.h"
#include "core/http/transport_errors.h"

namespace gw {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr size_t kMaxPooledHandles = 16;    // idle easy handles kept per thread
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

  // Returns a reset easy handle (reused if one is idle), or nullptr.
  CURL* acquire() {
    if (free_.empty()) return curl_easy_init();
    CURL* easy = free_.back();
    free_.pop_back();
    curl_easy_reset(easy);
    return easy;
  }
  // Takes back a handle that is no longer in the multi.
  void release(CURL* easy) {
    if (free_.size() < kMaxPooledHandles) free_.push_back(easy);
    else curl_easy_cleanup(easy);
  }

 private:
  ThreadCurl() : multi_(curl_multi_init()) { curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, kMaxCachedConnections); }
  ~ThreadCurl() {
    for (CURL* easy : free_) curl_easy_cleanup(easy);
    curl_multi_cleanup(multi_);
  }

  CURLM* multi_;
  std::vector<CURL*> free_;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// One transfer; it is the ResponseStream handed to the caller.
class CurlResponseStream final : public ResponseStream {
 public:
  explicit CurlResponseStream(const HttpRequest& request)
      : curl_(ThreadCurl::get()),
        authority_(url_authority(request.url)),
        connect_timeout_ms_(request.connect_timeout_ms),
        read_timeout_ms_(request.read_timeout_ms),
        cancel_(request.cancel),
        body_(request.body) {}

  ~CurlResponseStream() override {
    detach();
    if (easy_) curl_.release(easy_);
    if (header_list_) curl_slist_free_all(header_list_);
  }

  // Starts the transfer and drives it until the response head has arrived.
  Status open(const HttpRequest& request) {
    easy_ = curl_.acquire();
    if (!easy_) return make_error(ErrorKind::kInternal, "cannot create a curl handle");
    configure(request);
    if (curl_multi_add_handle(curl_.multi(), easy_) != CURLM_OK)
      return make_error(ErrorKind::kInternal, "cannot start a curl transfer");
    in_multi_ = true;
    drive([this] { return head_done_; });
    if (head_done_) return ok_status();
    if (!error_.ok()) return error_;
    return make_error(ErrorKind::kUpstreamError, "provider at " + authority_ + " sent no response");
  }

  int status() const override { return status_; }
  const Headers& headers() const override { return headers_; }
  const Status& error() const override { return error_; }

  bool next(std::string& chunk) override {
    chunk.clear();
    if (pending_.empty() && !finished_) drive([this] { return !pending_.empty(); });
    if (pending_.empty()) return false;
    chunk.swap(pending_);
    return true;
  }

 private:
  void configure(const HttpRequest& request) {
    CURL* e = easy_;
    curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);  // proxy CONNECT head is not ours
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout_ms_));
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>((read_timeout_ms_ + 999) / 1000));
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error_buffer_);
    curl_easy_setopt(e, CURLOPT_PRIVATE, this);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &CurlResponseStream::on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &CurlResponseStream::on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, &CurlResponseStream::on_connected);
    curl_easy_setopt(e, CURLOPT_PREREQDATA, this);

    // Method and body. The body is our own copy: curl reads it during the transfer.
    bool sends_body = true;
    if (request.method == "GET" && body_.empty()) {
      curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
      sends_body = false;
    } else if (request.method == "HEAD") {
      curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
      sends_body = false;
    }
    if (sends_body) {
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body_.size()));
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, body_.data());
      if (request.method != "POST") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }

    // Headers. curl frames the body itself, so Content-Length, Transfer-Encoding
    // and Expect from the caller are dropped; "Expect:" disables 100-continue.
    auto append = [this](const std::string& line) { header_list_ = curl_slist_append(header_list_, line.c_str()); };
    for (const auto& [name, value] : request.headers.items()) {
      if (iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") || iequals(name, "Expect")) continue;
      append(value.empty() ? name + ";" : name + ": " + value);  // "Name;" sends an empty value
    }
    append("Expect:");
    if (sends_body && !request.headers.has("Content-Type")) append("Content-Type:");  // no form default
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, header_list_);
  }

  // Drives every transfer of this thread until `ready()` holds or this one has
  // finished (cleanly, by curl error, or by our own read-timeout check).
  template <class Ready>
  void drive(Ready ready) {
    CURLM* multi = curl_.multi();
    while (!finished_) {
      if (cancel_ && cancel_->load()) {
        fail(transfer_cancelled(authority_));
        return;
      }
      int running = 0;
      if (curl_multi_perform(multi, &running) != CURLM_OK) {
        fail(make_error(ErrorKind::kInternal, "curl multi handle failed"));
        return;
      }
      collect_finished(multi);
      if (ready() || finished_) return;
      int wait_ms = cancel_ ? kCancelPollMs : 1000;  // curl's own timers (connect timeout) still wake the poll
      if (connected_ && read_timeout_ms_ > 0) {
        auto idle = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - last_activity_);
        if (idle.count() >= read_timeout_ms_) {
          fail(transfer_timeout(authority_, read_timeout_ms_));
          return;
        }
        wait_ms = static_cast<int>(std::min<long long>(wait_ms, read_timeout_ms_ - idle.count()));
      }
      curl_multi_poll(multi, nullptr, 0, wait_ms, nullptr);
    }
  }

  // Hands each finished transfer of the thread (not only ours) its result.
  static void collect_finished(CURLM* multi) {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CurlResponseStream* owner = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&owner));
      CURLcode code = msg->data.result;  // read before removal invalidates msg
      if (owner) owner->on_done(code);
    }
  }

  void on_done(CURLcode code) {
    detach();
    finished_ = true;
    if (code != CURLE_OK) error_ = map_error(code);
  }

  // Ends the transfer early with `error`; curl will not reuse its connection.
  void fail(Error error) {
    detach();
    finished_ = true;
    error_ = std::move(error);
  }

  void detach() {
    if (in_multi_) curl_multi_remove_handle(curl_.multi(), easy_);
    in_multi_ = false;
  }

  Error map_error(CURLcode code) const {
    std::string detail = error_buffer_[0] ? error_buffer_ : curl_easy_strerror(code);
    if (code == CURLE_OPERATION_TIMEDOUT)
      return transfer_timeout(authority_, connected_ ? read_timeout_ms_ : connect_timeout_ms_);
    if (head_done_) return stream_cut(authority_, detail);
    switch (code) {
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
      case CURLE_COULDNT_CONNECT:
      case CURLE_SEND_ERROR:
      case CURLE_RECV_ERROR:
      case CURLE_GOT_NOTHING:
        return provider_unreachable(authority_, detail);
      default:
        return transfer_failed(authority_, detail);
    }
  }

  // curl callbacks (run inside curl_multi_perform on this thread).
  static int on_connected(void* self, char*, char*, int, int) {
    auto* s = static_cast<CurlResponseStream*>(self);
    s->connected_ = true;
    s->last_activity_ = SteadyClock::now();
    return CURL_PREREQFUNC_OK;
  }

  static size_t on_body(char* data, size_t size, size_t count, void* self) {
    auto* s = static_cast<CurlResponseStream*>(self);
    s->head_done_ = true;
    s->last_activity_ = SteadyClock::now();
    s->pending_.append(data, size * count);
    return size * count;
  }

  // Collects the final response's head: a status line starts a new head (so
  // interim 1xx heads are dropped; redirects are not followed, a 3xx is the
  // answer), a blank line after a >= 200 status completes it. Trailers that
  // arrive after the head are ignored, so headers() never changes under a caller.
  static size_t on_header(char* data, size_t size, size_t count, void* self) {
    auto* s = static_cast<CurlResponseStream*>(self);
    size_t n = size * count;
    s->last_activity_ = SteadyClock::now();
    if (s->head_done_) return n;
    std::string_view line = trim(std::string_view(data, n));
    if (line.starts_with("HTTP/")) {
      s->headers_ = Headers();
      size_t space = line.find(' ');
      s->status_ = 0;
      if (space != std::string_view::npos)
        std::from_chars(line.data() + space + 1, line.data() + line.size(), s->status_);
    } else if (line.empty()) {
      if (s->status_ >= 200) s->head_done_ = true;
    } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
      s->headers_.add(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
    }
    return n;
  }

  ThreadCurl& curl_;
  const std::string authority_;
  const int connect_timeout_ms_;
  const int read_timeout_ms_;        // <= 0: no read timeout
  const std::atomic<bool>* cancel_;  // null: the transfer cannot be cancelled
  const std::string body_;
  CURL* easy_ = nullptr;
  curl_slist* header_list_ = nullptr;
  bool in_multi_ = false;
  bool connected_ = false;  // connection established (or reused); read timeout applies
  bool head_done_ = false;
  bool finished_ = false;
  SteadyClock::time_point last_activity_;
  int status_ = 0;
  Headers headers_;
  std::string pending_;  // body bytes received but not yet handed out by next()
  Status error_ = ok_status();
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace

CurlHttpClient::CurlHttpClient() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlHttpClient::~CurlHttpClient() = default;

Result<std::unique_ptr<ResponseStream>> CurlHttpClient::open(const HttpRequest& request) {
  auto stream = std::make_unique<CurlResponseStream>(request);
  Status opened = stream->open(request);
  if (!opened.ok()) return opened.error();
  return std::unique_ptr<ResponseStream>(std::move(stream));
}

}  // namespace gw
