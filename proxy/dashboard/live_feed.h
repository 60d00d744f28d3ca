// live_feed.h - the dashboard's live view (GET /ui/api/live, Server-Sent
// Events): the last kCapacity finished requests, each with a sequence
// number, fed by the usage writer as its batches commit (a UsageListener).
// A viewer's stream asks for what came after the last number it sent, so a
// reconnecting EventSource (Last-Event-ID) misses nothing still in the ring.
// While nobody watches, the writer skips the feed entirely.
//
// Thread-safe: one mutex, held only to copy rows in or out.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "proxy/io/usage_writer.h"

namespace gw {

// One finished request as the live view shows it.
struct LiveRow {
  int64_t seq = 0;
  std::string request_id, model, provider, user_id, key_id;
  int64_t created_ms = 0;
  int status = 0;
  int64_t prompt_tokens = 0, completion_tokens = 0;
  Money cost;  // exact fixed point
  int64_t latency_ms = 0;
};

class LiveFeed : public UsageListener {
 public:
  static constexpr size_t kCapacity = 512;

  bool listening() const override { return watchers_.load() > 0; }
  void written(const UsageRecord& record) override;

  // The rows after `after_seq`, oldest first, at most `max`.
  std::vector<LiveRow> since(int64_t after_seq, size_t max) const;
  int64_t newest_seq() const;

  // A viewer's stream counts itself in while open.
  void watch() { watchers_.fetch_add(1); }
  void unwatch() { watchers_.fetch_sub(1); }
  // The server is stopping: open streams end at their next look.
  void close() { closed_.store(true); }
  bool closed() const { return closed_.load(); }

 private:
  mutable std::mutex mu_;
  std::deque<LiveRow> rows_;  // guarded by mu_
  int64_t seq_ = 0;           // guarded by mu_
  std::atomic<int> watchers_{0};
  std::atomic<bool> closed_{false};
};

}  // namespace gw
