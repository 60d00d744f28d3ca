// connection_pool.cc - ConnectionPool: a short vector searched from its
// newest end (a handful of upstreams per thread; no hashing needed).
// Thread-safety: per-thread (see the header).
#include "proxy/io/connection_pool.h"

namespace gw {

ConnectionPool& ConnectionPool::this_thread() {
  thread_local ConnectionPool pool;
  return pool;
}

std::unique_ptr<PlainConnection> ConnectionPool::take(std::string_view key) {
  for (size_t i = idle_.size(); i-- > 0;) {
    if (idle_[i]->key() != key) continue;
    std::unique_ptr<PlainConnection> found = std::move(idle_[i]);
    idle_.erase(idle_.begin() + static_cast<std::ptrdiff_t>(i));
    return found;
  }
  return nullptr;
}

void ConnectionPool::give_back(std::unique_ptr<PlainConnection> connection) {
  size_t same_key = 0, oldest_same = idle_.size();
  for (size_t i = 0; i < idle_.size(); ++i) {
    if (idle_[i]->key() != connection->key()) continue;
    if (same_key++ == 0) oldest_same = i;
  }
  if (same_key >= kMaxIdlePerKey) idle_.erase(idle_.begin() + static_cast<std::ptrdiff_t>(oldest_same));
  else if (idle_.size() >= kMaxIdle) idle_.erase(idle_.begin());
  idle_.push_back(std::move(connection));
}

}  // namespace gw
