// redis_client.cc - RedisClient over hiredis; the only file that includes
// hiredis.h. Contracts in redis_client.h.
#include "proxy/io/redis_client.h"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <sys/socket.h>

#include <charconv>

#include "proxy/io/fiber_io.h"

namespace gw {
namespace {

Error unavailable(std::string what) { return make_error(ErrorKind::kUnavailable, "redis: " + std::move(what)); }

RedisReply convert(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::kString;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      for (size_t i = 0; i < r->elements; ++i) out.elements.push_back(convert(r->element[i]));
      break;
    default:
      break;
  }
  return out;
}

int to_int(std::string_view s, int fallback) {
  int v = fallback;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() ? v : -1;
}

}  // namespace

Result<RedisAddress> parse_redis_url(std::string_view url) {
  constexpr std::string_view kScheme = "redis://";
  if (url.substr(0, kScheme.size()) != kScheme)
    return make_error(ErrorKind::kConfig, "[redis] url must start with redis:// (got '" + std::string(url) + "')");
  std::string_view rest = url.substr(kScheme.size());
  RedisAddress a;
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view auth = rest.substr(0, at);
    a.password = std::string(auth.substr(auth.find(':') == std::string_view::npos ? 0 : auth.find(':') + 1));
    rest = rest.substr(at + 1);
  }
  if (size_t slash = rest.find('/'); slash != std::string_view::npos) {
    a.db = to_int(rest.substr(slash + 1), 0);
    rest = rest.substr(0, slash);
  }
  if (size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
    a.port = to_int(rest.substr(colon + 1), 6379);
    rest = rest.substr(0, colon);
  }
  if (!rest.empty()) a.host = std::string(rest);
  if (a.port <= 0 || a.port > 65535 || a.db < 0)
    return make_error(ErrorKind::kConfig, "[redis] url has a bad port or database number: " + std::string(url));
  return a;
}

struct RedisClient::Connection {
  redisContext* ctx = nullptr;
  bool broken = false;  // an I/O failure or timeout: never reuse
  ~Connection() {
    if (ctx) redisFree(ctx);
  }
  // Sends the command and reads one reply before `deadline`.
  Result<RedisReply> call(const std::vector<std::string_view>& argv, SteadyTime deadline) {
    broken = true;  // until a whole reply has been read
    std::vector<const char*> parts;
    std::vector<size_t> lens;
    for (std::string_view a : argv) {
      parts.push_back(a.data());
      lens.push_back(a.size());
    }
    if (redisAppendCommandArgv(ctx, static_cast<int>(parts.size()), parts.data(), lens.data()) != REDIS_OK)
      return unavailable("cannot format the command");
    for (int done = 0; !done;) {
      if (redisBufferWrite(ctx, &done) != REDIS_OK) return unavailable(ctx->errstr);
      if (!done && wait_for_fd(ctx->fd, POLLOUT, deadline) <= 0) return unavailable("timed out writing");
    }
    for (;;) {
      void* raw = nullptr;
      if (redisGetReplyFromReader(ctx, &raw) != REDIS_OK) return unavailable(ctx->errstr);
      if (raw) {
        std::unique_ptr<redisReply, void (*)(void*)> reply(static_cast<redisReply*>(raw), freeReplyObject);
        broken = false;
        if (reply->type == REDIS_REPLY_ERROR) return unavailable(std::string(reply->str, reply->len));
        return convert(reply.get());
      }
      if (wait_for_fd(ctx->fd, POLLIN, deadline) <= 0) return unavailable("timed out waiting for an answer");
      if (redisBufferRead(ctx) != REDIS_OK) return unavailable(ctx->errstr);
    }
  }
};

RedisClient::RedisClient(RedisAddress address, int timeout_ms)
    : address_(std::move(address)), timeout_ms_(timeout_ms > 0 ? timeout_ms : kDefaultTimeoutMs) {}

RedisClient::~RedisClient() = default;

int64_t RedisClient::failures() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failures_;
}

bool RedisClient::healthy() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_ok_;
}

Result<std::unique_ptr<RedisClient::Connection>> RedisClient::take(SteadyTime deadline, bool& reused) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    reused = !idle_.empty();
    if (reused) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
  }
  auto c = std::make_unique<Connection>();
  c->ctx = redisConnectNonBlock(address_.host.c_str(), address_.port);
  if (!c->ctx) return unavailable("out of memory");
  if (c->ctx->err) return unavailable(c->ctx->errstr);
  if (wait_for_fd(c->ctx->fd, POLLOUT, deadline) <= 0) return unavailable("timed out connecting");
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(c->ctx->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0)
    return unavailable("cannot connect to " + address_.host + ":" + std::to_string(address_.port));
  if (!address_.password.empty())
    if (auto r = c->call({"AUTH", address_.password}, deadline); !r) return r.error();
  if (address_.db != 0) {
    const std::string db = std::to_string(address_.db);
    if (auto r = c->call({"SELECT", db}, deadline); !r) return r.error();
  }
  return c;
}

void RedisClient::give_back(std::unique_ptr<Connection> c) {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < 64) idle_.push_back(std::move(c));
}

Result<RedisReply> RedisClient::run(const std::vector<std::string_view>& argv) {
  const SteadyTime deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms_);
  Result<RedisReply> reply = unavailable("not tried");
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool reused = false;
    auto c = take(deadline, reused);
    reply = c ? (*c)->call(argv, deadline) : Result<RedisReply>(c.error());
    if (!c) break;
    // A Redis error reply leaves the connection usable; any other failure
    // leaves it in an unknown state: it is closed.
    if (!(*c)->broken) {
      give_back(std::move(*c));
      break;
    }
    // A pooled connection that broke before the deadline (Redis restarted
    // since: the peer closed it) says the rest of the pool is dead too:
    // all are dropped, and the command runs once more on a new connection.
    // A timeout leaves no time for that: the fallback answers.
    {
      std::lock_guard<std::mutex> lock(mu_);
      idle_.clear();
    }
    if (!reused || std::chrono::steady_clock::now() >= deadline) break;
  }
  std::lock_guard<std::mutex> lock(mu_);
  last_ok_ = bool(reply);
  if (!reply) ++failures_;
  return reply;
}

Result<RedisReply> RedisClient::command(std::initializer_list<std::string_view> argv) {
  return run(std::vector<std::string_view>(argv));
}

Result<RedisReply> RedisClient::command(const std::vector<std::string>& argv) {
  return run(std::vector<std::string_view>(argv.begin(), argv.end()));
}

}  // namespace gw
