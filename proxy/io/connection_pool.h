// connection_pool.h - the idle keep-alive connections of one thread, for
// PlainHttpClient. A connection is put back only after its response was read
// to the end; take() hands out the most recently used one for a host:port.
// Bounded: kMaxIdlePerKey per host:port and kMaxIdle in all (the oldest goes
// first). Idle connections close when their thread exits.
//
// Thread-safety: this_thread() is the calling thread's own pool; nothing in it
// is shared, so it needs no lock.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "proxy/io/plain_connection.h"

namespace gw {

class ConnectionPool {
 public:
  static constexpr size_t kMaxIdle = 32;       // idle connections per thread
  static constexpr size_t kMaxIdlePerKey = 8;  // idle connections per host:port per thread

  // The calling thread's pool.
  static ConnectionPool& this_thread();

  // An idle connection to `key` ("host:port"), or nullptr.
  std::unique_ptr<PlainConnection> take(std::string_view key);
  // Keeps `connection` for reuse (closing the oldest when over a bound).
  void give_back(std::unique_ptr<PlainConnection> connection);

  size_t idle() const { return idle_.size(); }

 private:
  std::vector<std::unique_ptr<PlainConnection>> idle_;  // oldest first
};

}  // namespace gw
