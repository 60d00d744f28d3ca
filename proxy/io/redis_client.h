// redis_client.h - a small Redis client for the request path: one command
// per call over a pool of hiredis connections in non-blocking mode, each
// wait going through wait_for_fd (proxy/io/fiber_io.h), so a fiber yields
// to its loop while Redis answers and an ordinary thread just polls.
//
// Every call has a deadline (`timeout_ms`, default 50 ms) covering the
// connect, the write and the answer: a Redis that hangs costs a caller at
// most that long, never a loop thread. A connection that failed, timed out
// or was cut is closed, never reused; the next call dials a new one. A
// pooled connection found cut before the deadline (Redis restarted) drops
// the whole pool and the command is tried once on a new connection, so a
// restarted Redis is back for every caller at the first probe.
//
// URL: redis://[:password@]host[:port][/db] (port 6379, db 0 by default).
// Only the commands gw needs: any argv, replies as RedisReply.
//
// Thread-safety: all members may be called from any thread or fiber (the
// pool's mutex is never held across a wait).
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

struct redisContext;  // hiredis stays in redis_client.cc

namespace gw {

struct RedisReply {
  enum class Type { kNil, kInteger, kString, kArray };
  Type type = Type::kNil;
  int64_t integer = 0;
  std::string text;  // string and status replies
  std::vector<RedisReply> elements;
};

struct RedisAddress {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string password;
  int db = 0;
};

// Parses a redis:// URL (kConfig when it is not one).
Result<RedisAddress> parse_redis_url(std::string_view url);

class RedisClient {
 public:
  static constexpr int kDefaultTimeoutMs = 50;

  RedisClient(RedisAddress address, int timeout_ms = kDefaultTimeoutMs);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // Runs one command; a Redis error reply, a timeout or a broken connection
  // is kUnavailable.
  Result<RedisReply> command(std::initializer_list<std::string_view> argv);
  Result<RedisReply> command(const std::vector<std::string>& argv);

  int64_t failures() const;  // calls that ended in an error
  bool healthy() const;      // the last call succeeded (true before any)

 private:
  struct Connection;
  // An idle connection (reused = true), or a new one dialled before `deadline`.
  Result<std::unique_ptr<Connection>> take(std::chrono::steady_clock::time_point deadline, bool& reused);
  void give_back(std::unique_ptr<Connection> c);
  Result<RedisReply> run(const std::vector<std::string_view>& argv);

  const RedisAddress address_;
  const int timeout_ms_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  int64_t failures_ = 0;                           // guarded by mu_
  bool last_ok_ = true;                            // guarded by mu_
};

}  // namespace gw
