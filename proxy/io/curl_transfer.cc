// curl_transfer.cc - CurlTransfer: easy-handle set-up, the head and body
// callbacks, and curl's errors as gw's. Contracts in curl_transfer.h.
#include "proxy/io/curl_transfer.h"

#include <charconv>

#include "core/http/http_url.h"
#include "core/http/transport_errors.h"
#include "proxy/io/fiber_loop.h"

namespace gw {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

constexpr int64_t kNsPerMs = 1'000'000;

}  // namespace

CurlEasyPool::~CurlEasyPool() { clear(); }

void CurlEasyPool::clear() {
  for (CURL* easy : idle_) curl_easy_cleanup(easy);
  idle_.clear();
}

CURL* CurlEasyPool::acquire() {
  if (idle_.empty()) return curl_easy_init();
  CURL* easy = idle_.back();
  idle_.pop_back();
  curl_easy_reset(easy);
  return easy;
}

void CurlEasyPool::release(CURL* easy) {
  if (idle_.size() < kMaxIdle) idle_.push_back(easy);
  else curl_easy_cleanup(easy);
}

CurlTransfer::CurlTransfer(const HttpRequest& request)
    : authority_(url_authority(request.url)),
      connect_timeout_ms_(request.connect_timeout_ms),
      read_timeout_ms_(request.read_timeout_ms),
      cancel_(request.cancel),
      body_(request.body) {}

CurlTransfer::~CurlTransfer() {
  if (header_list_) curl_slist_free_all(header_list_);
}

void CurlTransfer::configure(CURL* e, const HttpRequest& request, const CurlOptions& options) {
  easy_ = e;
  curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
  // HTTP/2 only through ALPN on https (never h2c): a provider that does not
  // offer it gets HTTP/1.1 on the same connection attempt.
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, options.http2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1);
  if (!options.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, options.ca_file.c_str());
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);  // proxy CONNECT head is not ours
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout_ms_));
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error_buffer_);
  curl_easy_setopt(e, CURLOPT_PRIVATE, this);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &CurlTransfer::on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &CurlTransfer::on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, &CurlTransfer::on_connected);
  curl_easy_setopt(e, CURLOPT_PREREQDATA, this);

  // Method and body.
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

bool CurlTransfer::next(std::string& chunk) {
  chunk.clear();
  if (pending_.empty() && !finished_) wait(Want::kBody);
  if (pending_.empty()) return false;
  chunk.swap(pending_);
  return true;
}

Status CurlTransfer::head_status() const {
  if (head_done_) return ok_status();
  if (!error_.ok()) return error_;
  return make_error(ErrorKind::kUpstreamError, "provider at " + authority_ + " sent no response");
}

bool CurlTransfer::within_limits(int64_t now_ns, int64_t& deadline_ns) {
  deadline_ns = -1;
  if (cancel_ && cancel_->load(std::memory_order_relaxed)) {
    fail(transfer_cancelled(authority_));
    return false;
  }
  if (connected_ && read_timeout_ms_ > 0) {
    deadline_ns = last_activity_ns_ + read_timeout_ms_ * kNsPerMs;
    if (now_ns >= deadline_ns) {
      fail(transfer_timeout(authority_, read_timeout_ms_));
      return false;
    }
  }
  if (cancel_) {
    int64_t poll = now_ns + kCancelPollMs * kNsPerMs;
    if (deadline_ns < 0 || poll < deadline_ns) deadline_ns = poll;
  }
  return true;
}

void CurlTransfer::finish(CURLcode code) {
  finished_ = true;
  if (code != CURLE_OK) error_ = map_error(code);
  progressed();
}

void CurlTransfer::fail(Error error) {
  finished_ = true;
  error_ = std::move(error);
}

Error CurlTransfer::map_error(CURLcode code) const {
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

// curl's callbacks run inside the driver's curl call, on the transfer's thread.
int CurlTransfer::on_connected(void* self, char*, char*, int, int) {
  auto* t = static_cast<CurlTransfer*>(self);
  t->connected_ = true;
  t->last_activity_ns_ = FiberLoop::now_ns();
  return CURL_PREREQFUNC_OK;
}

size_t CurlTransfer::on_body(char* data, size_t size, size_t count, void* self) {
  auto* t = static_cast<CurlTransfer*>(self);
  t->head_done_ = true;
  t->last_activity_ns_ = FiberLoop::now_ns();
  t->pending_.append(data, size * count);
  t->progressed();
  return size * count;
}

// Collects the final response's head: a status line starts a new head (so
// interim 1xx heads are dropped; redirects are not followed, a 3xx is the
// answer), a blank line after a >= 200 status completes it. Trailers that
// arrive after the head are ignored, so headers() never changes under a caller.
size_t CurlTransfer::on_header(char* data, size_t size, size_t count, void* self) {
  auto* t = static_cast<CurlTransfer*>(self);
  size_t n = size * count;
  t->last_activity_ns_ = FiberLoop::now_ns();
  if (t->head_done_) return n;
  std::string_view line = trim(std::string_view(data, n));
  if (line.starts_with("HTTP/")) {
    t->headers_ = Headers();
    size_t space = line.find(' ');
    t->status_ = 0;
    if (space != std::string_view::npos)
      std::from_chars(line.data() + space + 1, line.data() + line.size(), t->status_);
  } else if (line.empty()) {
    if (t->status_ >= 200) {
      t->head_done_ = true;
      t->progressed();
    }
  } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
    t->headers_.add(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  }
  return n;
}

}  // namespace gw
