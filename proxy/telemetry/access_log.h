// access_log.h - the structured access log: one JSON line per finished
// request (core/telemetry/access_log_line.h), written by a background thread so the
// request thread never waits on a disk or a pipe.
//
// [log] access_log picks the output ("-" = stderr, a path = that file,
// appended, created 0600); [log] level filters by the line's severity (error
// = 5xx only, warn = 4xx and 5xx, info = all, debug = all plus each upstream
// attempt). Entries are formatted on the writer thread; with the queue full
// (kQueue lines waiting) entries are dropped and counted.
//
// Thread-safety: write(), flush() and dropped() from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/telemetry/access_log_line.h"
#include "proxy/telemetry/batch_queue.h"

namespace gw {

// Where log text goes. Called from the writer thread only.
class LogOutput {
 public:
  virtual ~LogOutput() = default;
  virtual void write(std::string_view text) = 0;
};

// "-" = stderr; anything else = a file opened for appending (created 0600).
Result<std::unique_ptr<LogOutput>> open_log_output(const std::string& target);

class AccessLog {
 public:
  static constexpr size_t kQueue = 65536;  // entries waiting to be written
  static constexpr size_t kBatch = 1024;   // entries per write
  static constexpr int kIntervalMs = 200;  // a line reaches the output within ~0.2 s

  AccessLog(std::unique_ptr<LogOutput> out, LogLevel level);

  // Would a request answered with `status` be logged?
  bool wants(int status) const { return level_for_status(status) <= level_; }
  LogLevel level() const { return level_; }
  // Queues one entry; false when it was dropped (queue full).
  bool write(AccessEntry entry);
  // Blocks until everything written so far is in the output.
  void flush() { queue_.flush(); }
  int64_t dropped() const { return queue_.dropped(); }

 private:
  void write_batch(std::vector<AccessEntry>& batch);

  std::unique_ptr<LogOutput> out_;
  const LogLevel level_;
  std::string text_;               // writer thread only
  BatchQueue<AccessEntry> queue_;  // last: its thread uses the members above
};

}  // namespace gw
