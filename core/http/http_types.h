// http_types.h - plain HTTP structs and the HttpClient interface.
//
// core/ speaks HTTP only through these types; the real client (libcurl) and
// the in-process mock live in proxy/io, the fake in tests/support. Streaming
// is pull-based: ResponseStream::next() hands over the next chunk of body
// bytes as they arrive, so callers can pass them on without buffering.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/result.h"

namespace gw {

// Ordered header list; names compare case-insensitively.
class Headers {
 public:
  void add(std::string name, std::string value) {
    if (items_.empty()) items_.reserve(kTypicalCount);  // one allocation instead of four growing to it
    items_.emplace_back(std::move(name), std::move(value));
  }
  void set(std::string_view name, std::string value);
  // Empty view if absent.
  std::string_view get(std::string_view name) const;
  bool has(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  static constexpr size_t kTypicalCount = 8;  // a response with gw's and the rate limit's headers
  std::vector<std::pair<std::string, std::string>> items_;
};

// ASCII case-insensitive equality. Inline: most calls compare header names
// of different lengths and end at the first test.
// Requires a.size() == b.size().
bool iequals_same_size(std::string_view a, std::string_view b);
inline bool iequals(std::string_view a, std::string_view b) { return a.size() == b.size() && iequals_same_size(a, b); }

struct HttpRequest {
  std::string method = "POST";
  std::string url;  // absolute: http://host:port/path
  Headers headers;
  std::string body;
  int connect_timeout_ms = 5000;  // default 5 s
  int read_timeout_ms = 120000;   // default 120 s; max gap between bytes, and max wait for the whole head
  // Optional (default none): once it reads true, a client that honours it
  // stops the transfer within about kCancelPollMs - open() and next() then
  // fail with code "cancelled" - and drops the connection, so the server
  // sees the caller leave. It must outlive the ResponseStream.
  const std::atomic<bool>* cancel = nullptr;
};

// How often a waiting transfer looks at HttpRequest::cancel.
inline constexpr int kCancelPollMs = 50;

// What a translated answer's minted ids and times derive from when every
// run must give the same bytes: a recorded exchange (gw serve --record and
// --replay, proxy/cassette/). `id` has the request-id form ("req_" + 24 hex)
// and stands in for the request id wherever a dialect mints an id from it;
// `created_s` is the Unix seconds its "created" fields report.
struct AnswerIdentity {
  std::string id;
  int64_t created_s = 0;
};

// An upstream response whose head has arrived; the body is pulled chunk by chunk.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  virtual int status() const = 0;
  virtual const Headers& headers() const = 0;
  // Appends the next chunk of body bytes to `chunk` (after clearing it).
  // Returns false at the end of the body or on failure; error() tells which
  // (ok when the body ended normally).
  virtual bool next(std::string& chunk) = 0;
  virtual const Status& error() const = 0;
  // True once the body is known to have ended cleanly, so that the next
  // next() would return false with an ok error(): a relay can then send its
  // last bytes and its end together. False when that is not known without
  // another read (the default).
  virtual bool ended() const { return false; }
  // The identity a translation gives this answer; null (every live
  // provider's answer): the request's own id and the time now.
  virtual const AnswerIdentity* answer_identity() const { return nullptr; }
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Sends the request and waits for the response head. Errors: kUpstreamTimeout
  // (connect/read timeout), kUnavailable (connection refused/reset, DNS; and
  // code "cancelled" when request.cancel was set).
  virtual Result<std::unique_ptr<ResponseStream>> open(const HttpRequest& request) = 0;
};

// The largest whole (non-streamed) answer gw reads from a provider: 64 MiB,
// room for several large generated images in base64.
inline constexpr size_t kMaxUpstreamBodyBytes = size_t{64} << 20;

// Reads a whole body (for non-streaming calls). Returns the transport error
// if the stream failed midway, and kUpstreamError (502) once the body grows
// past `max_bytes` (nothing more is read).
Result<std::string> read_all(ResponseStream& stream, size_t max_bytes = kMaxUpstreamBodyBytes);

// Sends a request whose answer only matters as yes/no (telemetry exports):
// true when the whole answer arrived with a 2xx status.
bool send_accepted(HttpClient& client, const HttpRequest& request);

}  // namespace gw
