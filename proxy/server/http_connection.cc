// http_connection.cc - serving one HTTP/1.x connection. Contracts in
// http_connection.h; wire format in core/http/http1_request.h and
// core/http/http1_response.h.
//
// The socket is non-blocking: a read or write is tried first and only when
// the socket has nothing (EAGAIN) does the connection wait, through
// wait_for_fd (the fiber loop), with a deadline: the keep-alive timeout
// between requests; inside one, read_timeout_s of silence and the total
// deadlines head_timeout_ms (from its first byte to its blank line) and
// body_timeout_ms (from the head to the body's last byte), past which the
// client gets a 408 and the connection closes; write_timeout_s for the
// client to take each write.
#include "proxy/server/http_connection.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <initializer_list>

#include "core/base/error.h"
#include "core/http/chunked_decoder.h"
#include "core/http/http1_request.h"
#include "core/http/http1_response.h"
#include "proxy/io/fiber_io.h"

namespace gw {
namespace {

constexpr size_t kReadChunk = 16 * 1024;

SteadyTime seconds_from_now(int s) { return std::chrono::steady_clock::now() + std::chrono::seconds(s); }
SteadyTime ms_from_now(int ms) { return std::chrono::steady_clock::now() + std::chrono::milliseconds(ms); }

// Sends every byte of `parts` (gathered, so one system call when the socket
// takes it all), giving the client `timeout_s` to take each part of it.
// False if the client is gone or the write timed out. At most kMaxParts parts.
constexpr size_t kMaxParts = 5;  // head, chunk size, chunk, CRLF, last-chunk
bool send_all(int fd, int timeout_s, std::initializer_list<std::string_view> parts) {
  if (parts.size() > kMaxParts) std::abort();  // a caller's bug: the parts would overrun iov
  iovec iov[kMaxParts];
  int count = 0;
  for (std::string_view p : parts)
    if (!p.empty()) iov[count++] = {const_cast<char*>(p.data()), p.size()};
  int first = 0;
  while (first < count) {
    msghdr msg{};
    msg.msg_iov = iov + first;
    msg.msg_iovlen = static_cast<size_t>(count - first);
    ssize_t n = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return false;
      int ready = wait_for_fd(fd, POLLOUT, seconds_from_now(timeout_s));
      if (ready <= 0 || (ready & (POLLERR | POLLHUP))) return false;
      continue;
    }
    auto left = static_cast<size_t>(n);
    while (first < count && left >= iov[first].iov_len) left -= iov[first++].iov_len;
    if (first < count) {
      iov[first].iov_base = static_cast<char*>(iov[first].iov_base) + left;
      iov[first].iov_len -= left;
    }
  }
  return true;
}

// A transport-level error (the request could not be read) as a JSON body in
// the caller's dialect: Anthropic's shape on /v1/messages, OpenAI's elsewhere.
std::string error_body(const Error& e, std::string_view path) {
  return path.starts_with("/v1/messages") ? anthropic_error_body(e) : openai_error_body(e);
}

class Connection {
 public:
  Connection(ConnectionSlot& slot, const ServerOptions& options, const Handler& handler,
             const std::atomic<bool>& stopping)
      : slot_(slot), options_(options), handler_(handler), stopping_(stopping) {}

  void serve() {
    for (int served = 0; !stopping_.load(); ++served) {
      hold_.release();  // the last request's body is gone
      if (!wait_for_request()) return;
      InboundRequest in;
      RequestHead head;
      if (!read_request(in, head)) return;
      bool head_only = in.method == "HEAD";
      if (head_only) in.method = "GET";  // answered like GET, without the body
      bool keep_alive = head.keep_alive && served + 1 < options_.keep_alive_max;
      chunked_replies_ = head.minor_version >= 1;  // HTTP/1.0 does not know chunked coding
      Reply reply = call_handler(in);
      keep_alive = keep_alive && !stopping_.load();
      if (!write_reply(std::move(reply), keep_alive, head_only) || !keep_alive) return;
    }
  }

 private:
  enum class Fill { kData, kClosed, kTimeout };

  // Appends whatever the socket has next to buf_, waiting for it until
  // `timeout_s` seconds of silence have passed or `until`, if sooner.
  Fill fill(int timeout_s, SteadyTime until = SteadyTime::max()) {
    char chunk[kReadChunk];
    SteadyTime deadline = SteadyTime::max();
    for (;;) {
      ssize_t n = ::recv(slot_.fd, chunk, sizeof chunk, 0);
      if (n > 0) {
        buf_.append(chunk, static_cast<size_t>(n));
        return Fill::kData;
      }
      if (n == 0) return Fill::kClosed;
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return Fill::kClosed;
      if (deadline == SteadyTime::max()) deadline = std::min(seconds_from_now(timeout_s), until);
      int ready = wait_for_fd(slot_.fd, POLLIN, deadline);
      if (ready == 0) return Fill::kTimeout;
      if (ready < 0) return Fill::kClosed;
    }
  }

  // Inside a request: reads until data comes. After read_timeout_s of
  // silence, or past the deadline of the part being read (head or body), the
  // client gets a 408 (in the dialect of `path`) and false, as when it left.
  bool fill_in_time(SteadyTime deadline, std::string_view path) {
    Fill got = fill(options_.read_timeout_s, deadline);
    if (got == Fill::kTimeout)
      refuse(make_error(ErrorKind::kRequestTimeout, "the request was not received in time"), path);
    return got == Fill::kData;
  }

  // Waits for the first byte of the next request (pipelined bytes count),
  // at most the keep-alive timeout.
  bool wait_for_request() {
    if (!buf_.empty()) return true;
    slot_.idle.store(true);
    bool got = !stopping_.load() && fill(options_.keep_alive_timeout_s) == Fill::kData;
    slot_.idle.store(false);
    return got;
  }

  // Reads one whole request (head and body) into `in`. On a malformed or
  // oversized request it answers the error itself and returns false.
  bool read_request(InboundRequest& in, RequestHead& head) {
    SteadyTime head_deadline = ms_from_now(options_.head_timeout_ms);
    size_t head_end = 0;
    for (size_t searched = 0;; searched = buf_.size()) {
      auto found = find_request_head(buf_, searched);
      if (!found) return refuse(found.error(), first_line_path());
      if ((head_end = *found) > 0) break;
      if (!fill_in_time(head_deadline, first_line_path())) return false;
    }
    auto parsed = parse_request_head(std::string_view(buf_).substr(0, head_end), options_.max_body_bytes);
    if (!parsed) return refuse(parsed.error(), first_line_path());
    head = std::move(parsed).value();
    buf_.erase(0, head_end);
    if (head.framing != BodyFraming::kNone && head.expect_continue && buf_.empty() && !send({kContinueResponse}))
      return false;
    SteadyTime body_deadline = ms_from_now(options_.body_timeout_ms);
    if (head.framing == BodyFraming::kLength &&
        !read_sized_body(in, static_cast<size_t>(head.content_length), body_deadline, head.path))
      return false;
    if (head.framing == BodyFraming::kChunked && !read_chunked_body(in, body_deadline, head.path)) return false;
    in.method = std::move(head.method);
    in.path = std::move(head.path);
    in.query = std::move(head.query);
    in.headers = std::move(head.headers);
    in.remote_addr = slot_.remote_addr;
    in.remote_port = slot_.remote_port;
    return true;
  }

  bool read_sized_body(InboundRequest& in, size_t length, SteadyTime deadline, std::string_view path) {
    while (buf_.size() < length) {
      if (!hold_body(buf_.size(), path)) return false;
      if (!fill_in_time(deadline, path)) return false;
    }
    if (!hold_body(length, path)) return false;
    if (buf_.size() == length) {
      in.body.swap(buf_);  // the usual case: nothing pipelined behind the body
      buf_.clear();
    } else {
      in.body.assign(buf_, 0, length);
      buf_.erase(0, length);
    }
    return true;
  }

  bool read_chunked_body(InboundRequest& in, SteadyTime deadline, std::string_view path) {
    ChunkedDecoder decoder(ChunkedDecoder::LineEnds::kCrlfOnly);
    for (;;) {
      auto used = decoder.decode(buf_, in.body);
      if (!used) {
        // Bad framing is a 400 with one message; the size limits keep their 413 and 431.
        const Error& e = used.error();
        return refuse(e.kind == ErrorKind::kInvalidRequest
                          ? make_error(ErrorKind::kInvalidRequest, "malformed chunked request body")
                          : e,
                      path);
      }
      if (static_cast<int64_t>(in.body.size()) > options_.max_body_bytes)
        return refuse(make_error(ErrorKind::kPayloadTooLarge, "request body is larger than the server accepts"), path);
      buf_.erase(0, *used);
      if (!hold_body(in.body.size(), path)) return false;
      if (decoder.done()) return true;
      if (!fill_in_time(deadline, path)) return false;
    }
  }

  // Grows this request's share of the server's body memory to `bytes`; when
  // the server has no room, answers 503 with Retry-After and returns false.
  bool hold_body(size_t bytes, std::string_view path) {
    if (hold_.grow_to(static_cast<int64_t>(bytes))) return true;
    Error e = make_error(ErrorKind::kUnavailable,
                         "the server is holding too many request bodies in memory; retry shortly", "server_busy");
    e.retry_after_s = 1;
    return refuse(e, path);
  }

  // The path of the request line still in buf_ (for the error's dialect).
  std::string first_line_path() const {
    size_t start = buf_.find(' ');
    if (start == std::string::npos) return {};
    size_t end = buf_.find_first_of(" ?\r\n", start + 1);
    return buf_.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
  }

  // Answers a request that could not be read, then ends the connection (its
  // remaining bytes cannot be trusted to start a request) with a lingering
  // close.
  bool refuse(const Error& e, std::string_view path) {
    Reply r;
    r.status = e.http_status();
    r.body = error_body(e, path);
    if (e.retry_after_s > 0) r.headers.add("Retry-After", std::to_string(e.retry_after_s));
    if (write_reply(std::move(r), false, false)) linger();
    return false;
  }

  // A close with unread bytes resets the connection (RFC 9112 §9.6): a
  // client still sending the body of a refused request would get the reset
  // instead of reading its answer. So, as nginx's lingering close: the
  // write side is shut (the client sees the answer end), and what the client
  // still sends is read and dropped until it stops - at most kLingerMs in
  // all and kLingerSilenceMs of silence - before the socket closes.
  static constexpr int kLingerMs = 2000;
  static constexpr int kLingerSilenceMs = 500;
  void linger() {
    hold_.release();  // the refused body's memory is given back first
    std::string().swap(buf_);
    ::shutdown(slot_.fd, SHUT_WR);
    const SteadyTime until = ms_from_now(kLingerMs);
    char sink[kReadChunk];
    for (;;) {
      ssize_t n = ::recv(slot_.fd, sink, sizeof sink, 0);
      if (n > 0) continue;
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) return;
      if (errno == EINTR) continue;
      if (wait_for_fd(slot_.fd, POLLIN, std::min(ms_from_now(kLingerSilenceMs), until)) <= 0) return;
    }
  }

  Reply call_handler(const InboundRequest& in) {
    try {
      return handler_(in);
    } catch (const std::exception&) {
      Reply r;
      r.status = 500;
      r.body = error_body(make_error(ErrorKind::kInternal, "internal error"), in.path);
      return r;
    }
  }

  bool write_reply(Reply reply, bool keep_alive, bool head_only) {
    if (reply.next_chunk) return write_stream(reply, keep_alive, head_only);
    bool bodyless = status_has_no_body(reply.status);
    std::string head =
        render_response_head(reply.status, reply.headers, reply.content_type,
                             bodyless ? std::nullopt : std::optional<size_t>(reply.body.size()), keep_alive);
    return send({head, head_only || bodyless ? std::string_view() : std::string_view(reply.body)});
  }

  // Streams the body chunk by chunk; the head goes out with the first chunk.
  // To an HTTP/1.0 client the body is not chunked: it ends with the close.
  // on_stream_end learns whether the stream ran to its end and reached the client.
  bool write_stream(Reply& reply, bool keep_alive, bool head_only) {
    keep_alive = keep_alive && chunked_replies_;
    std::string head = render_response_head(reply.status, reply.headers, reply.content_type, std::nullopt,
                                            keep_alive && !head_only, chunked_replies_);
    bool delivered = false;
    bool alive = true;
    if (head_only) {
      alive = send({head});
    } else {
      std::string chunk;
      std::string_view unsent_head = head;  // goes out with the first bytes of the body
      for (;;) {
        StreamStep step = reply.next_chunk(chunk);
        if (step == StreamStep::kAbort) {  // cut the connection: the client must not see a clean end
          // What was produced still goes out (the head included: the stream
          // had begun), then the connection is cut.
          send_chunk(unsent_head, chunk);
          alive = false;
          break;
        }
        if (step == StreamStep::kEnd) {  // the last bytes and the end, in one write
          if (!chunked_replies_) delivered = alive = send({unsent_head, chunk});
          else if (chunk.empty()) delivered = alive = send({unsent_head, kLastChunk});
          else delivered = alive = send({unsent_head, chunk_size_line(chunk.size()), chunk, "\r\n", kLastChunk});
          break;
        }
        if (chunk.empty() && unsent_head.empty()) continue;
        if (!send_chunk(unsent_head, chunk)) {
          alive = false;  // client gone
          break;
        }
        unsent_head = {};
      }
    }
    if (reply.on_stream_end) reply.on_stream_end(delivered);
    return alive && !head_only && keep_alive;
  }

  // One chunk of a chunked body (nothing for an empty one), after `head` if
  // the head is still unsent.
  bool send_chunk(std::string_view head, const std::string& chunk) {
    if (chunk.empty() || !chunked_replies_) return send({head, chunk});
    std::string size = chunk_size_line(chunk.size());
    return send({head, size, chunk, "\r\n"});
  }

  bool send(std::initializer_list<std::string_view> parts) {
    return send_all(slot_.fd, options_.write_timeout_s, parts);
  }

  ConnectionSlot& slot_;
  const ServerOptions& options_;
  const Handler& handler_;
  const std::atomic<bool>& stopping_;
  BodyHold hold_{slot_.bodies};  // the body memory of the request being served
  std::string buf_;              // bytes read but not yet consumed (the next request's, when pipelined)
  bool chunked_replies_ = true;  // the current request's client speaks HTTP/1.1
};

}  // namespace

void ConnectionSlot::wake_if_idle() {
  if (idle.load()) ::shutdown(fd, SHUT_RD);  // recv returns 0; writes still work
}

void serve_connection(ConnectionSlot& slot, const ServerOptions& options, const Handler& handler,
                      const std::atomic<bool>& stopping) {
  Connection(slot, options, handler, stopping).serve();
}

}  // namespace gw
