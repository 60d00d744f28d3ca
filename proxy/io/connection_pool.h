// connection_pool.h - the idle keep-alive connections of one thread, for
// PlainHttpClient. A connection is put back only after its response was read
// to the end with no byte beyond it and no doubt about its framing (the
// client's rule); take() hands out the most recently used one for a
// host:port that is still idle and clean (PlainConnection::idle_and_clean),
// closing those that are not: a connection the server wrote to unasked, or
// closed, never carries the next request.
// One thread serves many fibers (a fiber loop's connections), so the pool
// holds as many idle connections as a loop has requests in flight to one
// upstream, up to kMaxIdlePerKey per host:port and kMaxIdle in all (the
// oldest goes first). Idle connections close when their thread exits.
//
// Thread-safety: this_thread() is the calling thread's own pool; nothing in it
// is shared, so it needs no lock.
#pragma once

#include <cstddef>
#include <deque>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "proxy/io/plain_connection.h"

namespace gw {

class ConnectionPool {
 public:
  static constexpr size_t kMaxIdle = 1024;       // idle connections per thread
  static constexpr size_t kMaxIdlePerKey = 512;  // idle connections per host:port per thread

  // The calling thread's pool.
  static ConnectionPool& this_thread();

  // An idle, clean connection to `key` ("host:port"), or nullptr. Idle ones
  // that are not clean any more are closed on the way.
  std::unique_ptr<PlainConnection> take(std::string_view key);
  // Keeps `connection` for reuse (closing the oldest when over a bound).
  void give_back(std::unique_ptr<PlainConnection> connection);

  size_t idle() const { return idle_count_; }

 private:
  struct Bucket {
    std::string key;
    std::deque<std::unique_ptr<PlainConnection>> idle;  // oldest first
  };
  Bucket* find(std::string_view key);
  std::list<Bucket> buckets_;  // one per host:port seen (a handful)
  size_t idle_count_ = 0;
};

}  // namespace gw
