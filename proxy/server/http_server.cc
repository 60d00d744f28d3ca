// http_server.cc - gw's HTTP/1.1 server: the listening socket, an accepting
// fiber on each loop (so a loop stuck in a slow handler does not stop the
// others from taking connections), and the fiber loops that serve
// connections: each accepted connection becomes a fiber of one loop (round
// robin), whose thread serves every
// connection of that loop, switching between them whenever one waits for its
// socket (or its upstream). A request never waits for another's upstream and
// a thousand idle keep-alive connections cost a thousand small stacks, not
// threads. Reading and writing a connection is http_connection.cc.
#include "proxy/server/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/base/error.h"
#include "proxy/io/fiber_loop.h"
#include "proxy/io/thread_tuning.h"
#include "proxy/server/connection_cap.h"
#include "proxy/server/http_connection.h"

namespace gw {

// How long the accepting fiber waits at most for a connection, or pauses,
// when the process is out of descriptors.
constexpr int64_t kNoDescriptorPauseNs = 100'000'000;
// How often the accepting fiber looks at `stopping` while no one connects.
constexpr int64_t kAcceptLookNs = 100'000'000;

struct HttpServer::Impl {
  ServerOptions options;
  Handler handler;
  int listen_fd = -1;
  // A descriptor held in reserve (/dev/null) for when the process runs out:
  // see accept_out_of_descriptors(). -1 when it could not be taken back.
  int reserve_fd = -1;
  std::atomic<bool> stopping{false};
  std::condition_variable stopped;  // wait() waits here for `stopping`; with mu

  std::vector<std::unique_ptr<FiberLoop>> loops;
  std::vector<std::thread> loop_threads;
  std::atomic<size_t> next_loop{0};  // round robin over the loops

  std::mutex mu;
  std::list<ConnectionSlot> slots;     // every open connection; guarded by mu
  std::unique_ptr<BodyBudget> bodies;  // request-body memory of all connections

  size_t loop_count() const {
    if (options.threads > 0) return static_cast<size_t>(options.threads);
    return std::max(1u, std::thread::hardware_concurrency());
  }

  void start_loops() {
    for (size_t i = 0; i < loop_count(); ++i) {
      FiberLoop* loop = loops.emplace_back(std::make_unique<FiberLoop>()).get();
      loop->set_busy_poll_ns(int64_t{options.busy_poll_us} * 1000);
      loop_threads.emplace_back([this, loop] {
        name_this_thread("gw-http");
        lower_this_thread_priority(options.worker_nice);
        loop->run();
      });
    }
  }

  static void configure(int fd) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // a reply never waits on Nagle
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);       // waits go through the loop
  }

  // Hands an accepted connection to the next loop as a new fiber.
  // A connection past max_connections is turned away (connection_cap.h).
  void dispatch(int fd, const sockaddr_storage& peer) {
    ConnectionSlot* slot;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (slots.size() >= static_cast<size_t>(std::max(1, options.max_connections))) {
        turn_away(fd);
        return;
      }
      slot = &slots.emplace_back();
      slot->fd = fd;
      slot->bodies = bodies.get();
      describe_peer(peer, *slot);
    }
    configure(fd);
    FiberLoop& loop = *loops[next_loop.fetch_add(1) % loops.size()];
    loop.spawn([this, slot] {
      if (!stopping.load()) serve_connection(*slot, options, handler, stopping);
      std::lock_guard<std::mutex> lock(mu);
      ::close(slot->fd);
      slots.remove_if([slot](const ConnectionSlot& s) { return &s == slot; });
    });
  }

  static void describe_peer(const sockaddr_storage& peer, ConnectionSlot& slot) {
    char text[INET6_ADDRSTRLEN] = {};
    if (peer.ss_family == AF_INET) {
      const auto& a = reinterpret_cast<const sockaddr_in&>(peer);
      ::inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
      slot.remote_port = ntohs(a.sin_port);
    } else if (peer.ss_family == AF_INET6) {
      const auto& a = reinterpret_cast<const sockaddr_in6&>(peer);
      ::inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
      slot.remote_port = ntohs(a.sin6_port);
    }
    slot.remote_addr = text;
  }

  // An accepting fiber (one per loop): takes every pending connection, then
  // waits for the listening socket to be readable. Only the first loop's
  // works through a lack of descriptors (it owns the reserve); the others
  // pause meanwhile.
  void accept_loop() {
    FiberLoop& loop = *FiberLoop::current();
    const bool first = &loop == loops.front().get();
    while (!stopping.load()) {
      sockaddr_storage peer{};
      socklen_t len = sizeof peer;
      int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC);
      if (fd >= 0) {
        dispatch(fd, peer);
      } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        loop.wait_fd(listen_fd, EPOLLIN, FiberLoop::now_ns() + kAcceptLookNs);
      } else if ((errno == EMFILE || errno == ENFILE) && first) {
        accept_out_of_descriptors(loop);
      } else if (errno == EMFILE || errno == ENFILE) {
        loop.sleep_until(FiberLoop::now_ns() + kNoDescriptorPauseNs);
      } else if (errno != EINTR && errno != ECONNABORTED) {
        break;  // the listening socket was shut down by stop()
      }
    }
  }

  // Out of descriptors: accept() fails at once (Linux takes the descriptor
  // before it takes the connection), so retrying would spin a core while
  // clients wait in the backlog. Instead wait (up to kNoDescriptorPauseNs)
  // for a connection; if there is still no descriptor for it, then as libuv
  // and nginx do, give up the reserve descriptor, accept the connection and
  // close it at once (the client sees the close and may retry), and take the
  // reserve back. Without a reserve, pause before trying again.
  void accept_out_of_descriptors(FiberLoop& loop) {
    if (reserve_fd < 0) reserve_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (reserve_fd < 0) {
      loop.sleep_until(FiberLoop::now_ns() + kNoDescriptorPauseNs);
      return;
    }
    if (!(loop.wait_fd(listen_fd, EPOLLIN, FiberLoop::now_ns() + kNoDescriptorPauseNs) & EPOLLIN) || stopping.load())
      return;
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC);
    if (fd >= 0) return dispatch(fd, peer);  // descriptors were freed meanwhile
    if (errno != EMFILE && errno != ENFILE) return;
    ::close(reserve_fd);
    fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) ::close(fd);
    reserve_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  }

  // Lets every connection finish its request, then stops the loops.
  void join_loops() {
    for (auto& loop : loops) loop->finish();
    for (auto& t : loop_threads) t.join();
    loop_threads.clear();
  }
};

namespace {

// A listening socket on host:port (port 0: any free port), or an error.
Result<int> listen_on(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (::getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found) != 0 || !found)
    return make_error(ErrorKind::kIo, "cannot listen on " + host + ": unknown address");
  int fd = -1;
  for (addrinfo* ai = found; ai && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    // Quick rebinds after a restart, but never SO_REUSEPORT: a second gw must
    // not silently share the port with the first.
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0)
    return make_error(ErrorKind::kIo,
                      "cannot listen on " + host + ":" + std::to_string(port) + " (address in use or not available)");
  return fd;
}

int bound_port(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6&>(addr).sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in&>(addr).sin_port);
}

}  // namespace

HttpServer::HttpServer(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
  impl_->bodies = std::make_unique<BodyBudget>(impl_->options.max_buffered_body_bytes);
}

HttpServer::~HttpServer() {
  stop();
  if (!impl_->loop_threads.empty()) impl_->join_loops();  // started, never waited for
  if (impl_->listen_fd >= 0) ::close(impl_->listen_fd);
  if (impl_->reserve_fd >= 0) ::close(impl_->reserve_fd);
}

Result<int> HttpServer::bind() {
  auto fd = listen_on(impl_->options.host, impl_->options.port);
  if (!fd) return fd.error();
  impl_->listen_fd = *fd;
  impl_->reserve_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  return bound_port(*fd);
}

void HttpServer::start() {
  Impl& s = *impl_;
  if (s.listen_fd < 0 || !s.loops.empty()) return;
  ::fcntl(s.listen_fd, F_SETFL, ::fcntl(s.listen_fd, F_GETFL) | O_NONBLOCK);  // waits go through the loop
  s.start_loops();
  for (auto& loop : s.loops) loop->spawn([&s] { s.accept_loop(); });
}

void HttpServer::wait() {
  Impl& s = *impl_;
  if (s.loops.empty()) return;
  {
    std::unique_lock<std::mutex> lock(s.mu);
    s.stopped.wait(lock, [&] { return s.stopping.load(); });
  }
  s.join_loops();
}

void HttpServer::run() {
  start();
  wait();
}

void HttpServer::stop() {
  Impl& s = *impl_;
  if (s.stopping.exchange(true)) return;
  if (s.listen_fd >= 0) ::shutdown(s.listen_fd, SHUT_RDWR);  // the accepting fiber wakes at once
  std::lock_guard<std::mutex> lock(s.mu);
  s.stopped.notify_all();
  for (ConnectionSlot& slot : s.slots) slot.wake_if_idle();
}

bool HttpServer::stopping() const { return impl_->stopping.load(); }

}  // namespace gw
