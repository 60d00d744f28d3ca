// plain_http_client.cc - PlainHttpClient: one request/response exchange on a
// PlainConnection taken from (and given back to) the thread's ConnectionPool.
// Thread-safety: see the header.
#include "proxy/io/plain_http_client.h"

#include <sys/uio.h>

#include <algorithm>
#include <string>

#include "core/http/chunked_decoder.h"
#include "core/http/http_request_head.h"
#include "core/http/http_response_head.h"
#include "core/http/http_url.h"
#include "core/http/transport_errors.h"
#include "proxy/io/connection_pool.h"
#include "proxy/io/plain_connection.h"

namespace gw {
namespace {

// What one attempt at sending a request and reading its head came to.
enum class Exchange {
  kHead,    // the final response head is in head_
  kStale,   // the connection closed before any byte of an answer
  kFailed,  // error_ says why
};

class PlainResponseStream final : public ResponseStream {
 public:
  PlainResponseStream(const HttpRequest& request, std::string authority)
      : authority_(std::move(authority)),
        read_timeout_ms_(request.read_timeout_ms),
        cancel_(request.cancel),
        head_request_(request.method == "HEAD") {}

  ~PlainResponseStream() override { release(); }

  // Sends the request (on a kept-alive connection when there is one, retried
  // once on a fresh one if that turns out closed) and reads the final head.
  Status open(const HttpRequest& request, const HttpUrl& url, const TlsClient* tls) {
    if (cancel_ && cancel_->load()) return transfer_cancelled(authority_);
    std::string head;
    append_request_head(request, url, head);
    std::string_view body = sends_body(request) ? std::string_view(request.body) : std::string_view();
    conn_ = ConnectionPool::this_thread().take(PlainConnection::pool_key(url, tls));
    bool reused = conn_ != nullptr;
    for (;;) {
      if (!conn_) {
        auto connected = PlainConnection::connect(url, request.connect_timeout_ms, cancel_, tls);
        if (!connected) return connected.error();
        conn_ = std::move(connected).value();
      }
      Exchange outcome = exchange(head, body);
      if (outcome == Exchange::kHead) break;
      if (outcome == Exchange::kStale && reused) {
        conn_.reset();
        reused = false;
        continue;
      }
      if (outcome == Exchange::kStale) fail(IoResult::kClosed);
      return error_;
    }
    if (head_.status == 101) head_.keep_alive = false;  // the connection now speaks another protocol
    if (head_.framing == BodyFraming::kNone ||
        (head_.framing == BodyFraming::kContentLength && head_.content_length == 0))
      finish();
    remaining_ = head_.content_length;
    return ok_status();
  }

  int status() const override { return head_.status; }
  const Headers& headers() const override { return head_.headers; }
  const Status& error() const override { return error_; }
  // The body's end (a chunked body's last chunk, the last byte of a
  // Content-Length) often comes in the same read as its last bytes.
  bool ended() const override { return finished_ && error_.ok(); }

  bool next(std::string& chunk) override {
    chunk.clear();
    while (!finished_) {
      take_buffered(chunk);
      if (!chunk.empty() || finished_) break;
      if (cancel_ && cancel_->load()) {
        fail(IoResult::kCancelled);
        break;
      }
      IoResult got = conn_->receive(limits(), /*wait_first=*/false);
      if (got == IoResult::kOk) continue;
      if (got == IoResult::kClosed && head_.framing == BodyFraming::kUntilClose) finish();
      else fail(got);
    }
    return !chunk.empty();
  }

 private:
  // A wait for the provider's next bytes: at most read_timeout_ms_.
  WaitLimits limits() const { return WaitLimits::after(read_timeout_ms_, cancel_); }

  // Sends the request on conn_ and reads up to the final (>= 200, or 101) head.
  Exchange exchange(std::string& head, std::string_view body) {
    iovec parts[2] = {{head.data(), head.size()}, {const_cast<char*>(body.data()), body.size()}};
    IoResult sent = conn_->send_all(parts, body.empty() ? 1 : 2, read_timeout_ms_, limits());
    if (sent == IoResult::kClosed) return Exchange::kStale;
    if (sent != IoResult::kOk) return fail(sent);
    answered_early_ = conn_->answered_early();
    // The whole head within read_timeout_ms_ of sending the request, not
    // per read: an upstream dripping a byte at a time cannot hold it longer.
    const WaitLimits head_wait = limits();
    bool any_byte = false;
    for (;;) {
      while (!conn_->buffered().empty()) {
        auto took = parse_response_head(conn_->buffered(), head_request_, head_);
        if (!took) return fail_with(transfer_failed(authority_, took.error().message));
        if (*took == 0) {
          if (conn_->buffered().size() > kMaxResponseHeadBytes)
            return fail_with(transfer_failed(authority_, "response head too large"));
          break;
        }
        conn_->consume(*took);
        if (head_.status >= 200 || head_.status == 101) return Exchange::kHead;
      }
      IoResult got = conn_->receive(head_wait, /*wait_first=*/true);
      if (got == IoResult::kOk) any_byte = true;
      else if (got == IoResult::kClosed && !any_byte) return Exchange::kStale;
      else return fail(got);
    }
  }

  // Moves the body bytes buffered on conn_ into `chunk`.
  void take_buffered(std::string& chunk) {
    std::string_view in = conn_->buffered();
    if (in.empty()) return;
    switch (head_.framing) {
      case BodyFraming::kContentLength: {
        size_t n = static_cast<size_t>(std::min<uint64_t>(remaining_, in.size()));
        chunk.append(in.data(), n);
        conn_->consume(n);
        remaining_ -= n;
        if (remaining_ == 0) finish();
        return;
      }
      case BodyFraming::kChunked: {
        auto took = decoder_.decode(in, chunk);
        if (!took) {
          fail_with(stream_cut(authority_, took.error().message));
          return;
        }
        conn_->consume(*took);
        if (decoder_.done()) finish();
        return;
      }
      case BodyFraming::kUntilClose:
        chunk.append(in);
        conn_->consume(in.size());
        return;
      case BodyFraming::kNone:
        return;
    }
  }

  // The body ended cleanly: the connection goes back to the pool now if it
  // can carry another request.
  void finish() {
    finished_ = true;
    release();
  }

  // Gives conn_ back to the pool if the exchange ended cleanly and nothing
  // else is owed or buffered on it; closes it otherwise.
  void release() {
    if (!conn_) return;
    if (finished_ && error_.ok() && head_.keep_alive && !answered_early_ && conn_->buffered().empty())
      ConnectionPool::this_thread().give_back(std::move(conn_));
    conn_.reset();
  }

  Exchange fail(IoResult result) {
    if (result == IoResult::kTimeout) return fail_with(transfer_timeout(authority_, read_timeout_ms_));
    if (result == IoResult::kCancelled) return fail_with(transfer_cancelled(authority_));
    std::string detail = conn_->last_error();
    return fail_with(head_done() ? stream_cut(authority_, detail) : provider_unreachable(authority_, detail));
  }

  // Ends the transfer with `error` and drops the connection (so the server
  // sees the caller go).
  Exchange fail_with(Error error) {
    error_ = std::move(error);
    finished_ = true;
    conn_.reset();
    return Exchange::kFailed;
  }

  bool head_done() const { return head_.status != 0 && (head_.status >= 200 || head_.status == 101); }

  const std::string authority_;
  const int read_timeout_ms_;        // <= 0: no read timeout
  const std::atomic<bool>* cancel_;  // null: the transfer cannot be cancelled
  const bool head_request_;
  std::unique_ptr<PlainConnection> conn_;
  ResponseHead head_;
  ChunkedDecoder decoder_{ChunkedDecoder::LineEnds::kCrlfOrLf};  // as lenient on line ends as curl
  uint64_t remaining_ = 0;                                       // Content-Length bytes not yet handed out
  bool answered_early_ = false;                                  // the server answered before reading the whole request
  bool finished_ = false;
  Status error_ = ok_status();
};

}  // namespace

Result<std::unique_ptr<ResponseStream>> PlainHttpClient::open(const HttpRequest& request) {
  auto url = parse_http_url(request.url);
  if (!url) return transfer_failed(url_authority(request.url), url.error().message);
  if (url->has_user_info)
    return transfer_failed(url->authority, "URLs with credentials are sent through curl, not gw's own client");
  if (url->scheme == "https" && !tls_)
    return transfer_failed(url->authority, "this client has no TLS settings for https");
  auto stream = std::make_unique<PlainResponseStream>(request, url->authority);
  Status opened = stream->open(request, *url, tls_.get());
  if (!opened.ok()) return opened.error();
  return std::unique_ptr<ResponseStream>(std::move(stream));
}

}  // namespace gw
