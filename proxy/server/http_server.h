// http_server.h - gw's own HTTP/1.1 server (no third-party server library:
// the request path is short and allocation-light; see http_connection.h).
// Handlers see plain structs: they take an InboundRequest and return a Reply. A streaming Reply
// carries a "give me the next chunk" function that the server calls until it
// returns false, writing each chunk to the socket as soon as it has it.
//
// Handlers run in fibers (proxy/io/fiber_loop.h): sockets and sleeps that go
// through fiber_io.h let the other connections of the thread run meanwhile;
// work that blocks otherwise should be short or go to a BlockingLane.
//
// Thread-safety: the handler is called concurrently from the server's loop
// threads; it must be thread-safe. stop() may be called from any thread
// (including a signal-watching thread) and lets in-flight requests finish.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/http/http_types.h"

namespace gw {

struct InboundRequest {
  std::string method;
  std::string path;   // percent-decoded, without the query string
  std::string query;  // raw query string, no '?'
  Headers headers;
  std::string body;
  std::string remote_addr;
  int remote_port = 0;
};

// What a streaming reply's producer says after each call.
enum class StreamStep {
  kChunk,  // `chunk` holds the next bytes (may be empty); call again
  kEnd,    // the body is complete with the bytes in `chunk` (may be empty):
           // they go out with the end in one write; finish it cleanly
  kAbort,  // the body cannot be completed; drop the connection so the
           // client sees a truncated response, not a clean end
};

struct Reply {
  int status = 200;
  Headers headers;
  std::string content_type = "application/json";
  std::string body;
  // Streaming: when set, the body is produced by repeated calls. The function
  // clears `chunk` and fills it with the next bytes (kChunk), or ends the
  // stream (kEnd / kAbort), after which it is not called again. Each chunk is
  // written to the client as soon as it is returned.
  std::function<StreamStep(std::string& chunk)> next_chunk;
  // Called once after a streaming reply is finished or abandoned (client
  // gone); `completed` says whether next_chunk ran to its end.
  std::function<void(bool completed)> on_stream_end;
};

using Handler = std::function<Reply(const InboundRequest&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";     // default loopback only
  int port = 8080;                    // 0 = pick a free port
  int threads = 0;                    // loop threads; 0 = one per CPU core
  int busy_poll_us = 100;             // each loop polls up to this long before it blocks (fiber_loop.h); 0 = off
  int64_t max_body_bytes = 32 << 20;  // default 32 MiB; larger bodies get 413
  int read_timeout_s = 60;            // silence allowed while a request is being read
  // Total time to read a request's head, from its first byte to its blank
  // line (default 30 s, [server] head_timeout_s), and its body, from the
  // head's end to the body's last byte (default 60 s, [server]
  // body_timeout_s), however the bytes trickle in. Past either, or past
  // read_timeout_s of silence, the client gets 408 and the connection closes.
  int head_timeout_ms = 30'000;
  int body_timeout_ms = 60'000;
  int write_timeout_s = 60;      // time allowed for the client to take each write
  int keep_alive_max = 100000;   // requests per keep-alive connection
  int keep_alive_timeout_s = 5;  // an idle keep-alive connection is closed after this
  // Nice steps added to the threads that serve connections (default 0), so
  // that under CPU saturation a process's background threads (gw serve's
  // usage writer, which bills every request) are not starved by dozens of
  // request threads: the operating system shares CPU per thread.
  int worker_nice = 0;
  // Resource limits (docs/limits.md). Connections open at once (default
  // 4096): one past it is answered 503 and closed at once, the others are
  // not affected. Request-body bytes held across all connections (default
  // 256 MiB, body_budget.h): a request whose body would go past it is
  // answered 503 with Retry-After: 1.
  int max_connections = 4096;
  int64_t max_buffered_body_bytes = int64_t{256} << 20;
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the socket; returns the bound port or an error (address in use...).
  Result<int> bind();
  // Starts serving on the loop threads (each also accepts) and returns. No-op without bind().
  void start();
  // Blocks until stop(), then until every in-flight request has finished.
  void wait();
  // start(), then wait(): serves until stop(), blocking the calling thread.
  void run();
  // Stops accepting, lets in-flight requests finish, makes wait() return.
  void stop();
  // Whether stop() was called.
  bool stopping() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gw
