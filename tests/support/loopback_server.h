// loopback_server.h - what the HttpClient tests share: a cpp-httplib server
// on an ephemeral 127.0.0.1 port, Gates that let a test release a blocked
// handler (never sleeps; every wait is bounded), a helper that runs the client
// side on a thread of its own, and handlers used by several tests.
// Tests only. Gate is thread-safe; TestServer's handlers run on its threads.
#pragma once

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>

#include "core/http/http_types.h"

namespace gw {

// A one-shot signal from the test to a server handler. wait() gives up after
// 5 s so a failing test cannot hang the server.
class Gate {
 public:
  void open() {
    std::call_once(once_, [this] { promise_.set_value(); });
  }
  void wait() const { future_.wait_for(std::chrono::seconds(5)); }

 private:
  std::once_flag once_;
  std::promise<void> promise_;
  std::shared_future<void> future_ = promise_.get_future().share();
};

// An httplib server on an ephemeral loopback port, stopped on destruction.
// TCP_NODELAY matters: httplib writes a response's head and body separately,
// and without it Nagle plus the client's delayed ACK stall each kept-alive
// response by ~40 ms.
class TestServer {
 public:
  explicit TestServer(const std::function<void(httplib::Server&)>& setup) {
    setup(server_);
    server_.set_socket_options([](socket_t fd) {
      int one = 1;
      ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    });
    server_.set_keep_alive_max_count(1000);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~TestServer() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

// Runs the client side of a test on a thread of its own and joins it. The
// thread's connection pool is closed when the thread exits, so no idle
// keep-alive connection makes the server's stop() wait out its 5 s keep-alive.
inline void on_own_thread(const std::function<void()>& client_side) {
  std::exception_ptr failure;
  std::thread([&] {
    try {
      client_side();
    } catch (...) {
      failure = std::current_exception();
    }
  }).join();
  if (failure) std::rethrow_exception(failure);
}

inline HttpRequest get(const std::string& url) {
  HttpRequest request;
  request.method = "GET";
  request.url = url;
  return request;
}

// `request`, stopped once `cancel` reads true.
inline HttpRequest cancellable(HttpRequest request, const std::atomic<bool>& cancel) {
  request.cancel = &cancel;
  return request;
}

// Serves "data: one" then, once `gate` opens, "data: two" as a chunked stream.
inline void serve_two_events(httplib::Server& s, const std::string& path, Gate& gate) {
  s.Get(path, [&gate](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/event-stream", [&gate](size_t, httplib::DataSink& sink) {
      sink.write("data: one\n\n", 11);
      gate.wait();
      sink.write("data: two\n\n", 11);
      sink.done();
      return true;
    });
  });
}

// Answers "late" once `gate` opens.
inline void serve_late(httplib::Server& s, const std::string& path, Gate& gate) {
  s.Get(path, [&gate](const httplib::Request&, httplib::Response& res) {
    gate.wait();
    res.set_content("late", "text/plain");
  });
}

// Echoes the request's body, and its method and some headers as X-ones.
inline void serve_echo(httplib::Server& s) {
  auto echo = [](const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Method", req.method);
    res.set_header("X-Test", req.get_header_value("X-Test"));
    res.set_header("X-Expect", req.has_header("Expect") ? "present" : "absent");
    res.set_header("X-Content-Type", req.get_header_value("Content-Type"));
    res.set_header("X-Padded", "  spaced out  ");
    res.set_content(req.body, "text/plain");
  };
  s.Get("/echo", echo);
  s.Post("/echo", echo);
}

// Serves "partial" of a promised 1000-byte body, then closes the connection.
inline void serve_cut(httplib::Server& s) {
  s.Get("/cut", [](const httplib::Request&, httplib::Response& res) {
    res.set_content_provider(1000, "text/plain", [](size_t, size_t, httplib::DataSink& sink) {
      sink.write("partial", 7);
      return false;  // httplib closes the connection with 993 bytes owed
    });
  });
}

// Answers 503 "overloaded".
inline void serve_busy(httplib::Server& s) {
  s.Get("/busy", [](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_content("overloaded", "text/plain");
  });
}

// A loopback port nothing listens on (bound, not listening: connecting is
// refused) as "127.0.0.1:port", held until destruction.
class RefusingPort {
 public:
  RefusingPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
    socklen_t len = sizeof(addr);
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    host_port_ = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  }
  ~RefusingPort() { ::close(fd_); }
  const std::string& host_port() const { return host_port_; }

 private:
  int fd_ = -1;
  std::string host_port_;
};

}  // namespace gw
