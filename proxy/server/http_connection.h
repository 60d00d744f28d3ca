// http_connection.h - one client connection of gw's HTTP server: reads
// requests off the socket, hands each to the Handler, writes its Reply, and
// keeps the connection alive between requests (HTTP/1.1 persistence,
// pipelining, "Expect: 100-continue", chunked request bodies).
//
// Replies are written with as few system calls as the bytes allow: a whole
// reply's head and body in one sendmsg, a stream's head together with its
// first chunk, then each chunk (size line, bytes, CRLF) in one call as soon as
// the handler produces it.
//
// Thread-safety: a connection is served by one fiber (or thread). The server
// may call ConnectionSlot::wake_if_idle() from another thread while it stops.
#pragma once

#include <atomic>
#include <string>

#include "proxy/server/body_budget.h"
#include "proxy/server/http_server.h"

namespace gw {

// What the server and the thread serving a connection share.
struct ConnectionSlot {
  int fd = -1;
  std::string remote_addr;
  int remote_port = 0;
  BodyBudget* bodies = nullptr;  // the server's request-body memory; null = unbounded
  // True while the connection waits for the first byte of its next request;
  // only then may a stopping server cut it.
  std::atomic<bool> idle{false};
  // Ends the wait of an idle connection (used by stop()); a busy one is left
  // to finish its request.
  void wake_if_idle();
};

// Serves `slot`'s connection until the client closes it, it idles past the
// keep-alive timeout, a request says "Connection: close", the keep-alive
// request limit is reached, or `stopping` turns true. Does not close the fd.
void serve_connection(ConnectionSlot& slot, const ServerOptions& options, const Handler& handler,
                      const std::atomic<bool>& stopping);

}  // namespace gw
