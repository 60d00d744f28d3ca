// connection_pool.cc - ConnectionPool: one bucket per host:port (a handful
// per thread, searched in order; no hashing needed), newest at the back.
// Thread-safety: per-thread (see the header).
#include "proxy/io/connection_pool.h"

namespace gw {

ConnectionPool& ConnectionPool::this_thread() {
  thread_local ConnectionPool pool;
  return pool;
}

ConnectionPool::Bucket* ConnectionPool::find(std::string_view key) {
  for (Bucket& b : buckets_)
    if (b.key == key) return &b;
  return nullptr;
}

std::unique_ptr<PlainConnection> ConnectionPool::take(std::string_view key) {
  Bucket* b = find(key);
  while (b && !b->idle.empty()) {
    std::unique_ptr<PlainConnection> found = std::move(b->idle.back());
    b->idle.pop_back();
    --idle_count_;
    if (found->idle_and_clean()) return found;
    // else: closed here, as it goes out of scope; try the next one
  }
  return nullptr;
}

void ConnectionPool::give_back(std::unique_ptr<PlainConnection> connection) {
  Bucket* b = find(connection->key());
  if (!b) b = &buckets_.emplace_back(Bucket{connection->key(), {}});
  Bucket* trim = b->idle.size() >= kMaxIdlePerKey ? b : nullptr;
  if (!trim && idle_count_ >= kMaxIdle)  // full: the fullest host gives up its oldest
    for (Bucket& other : buckets_)
      if (!trim || other.idle.size() > trim->idle.size()) trim = &other;
  if (trim) {
    trim->idle.pop_front();
    --idle_count_;
  }
  b->idle.push_back(std::move(connection));
  ++idle_count_;
}

}  // namespace gw
