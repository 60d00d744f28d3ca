// curl_http_client_test.cc - CurlHttpClient against a cpp-httplib server on
// 127.0.0.1 (loopback only). Synchronisation between test and server uses
// Gates (promises), never sleeps; every wait is bounded.
#include "proxy/io/curl_http_client.h"

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
#include <set>
#include <string>
#include <thread>

namespace gw {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

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
// thread's curl connection pool is closed when the thread exits, so no idle
// keep-alive connection makes the server's stop() wait out its 5 s keep-alive.
void on_own_thread(const std::function<void()>& client_side) {
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

HttpRequest get(const std::string& url) {
  HttpRequest request;
  request.method = "GET";
  request.url = url;
  return request;
}

// `request`, stopped once `cancel` reads true.
HttpRequest cancellable(HttpRequest request, const std::atomic<bool>& cancel) {
  request.cancel = &cancel;
  return request;
}

// Serves "data: one" then, once `gate` opens, "data: two" as a chunked stream.
void serve_two_events(httplib::Server& s, const std::string& path, Gate& gate) {
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
void serve_late(httplib::Server& s, const std::string& path, Gate& gate) {
  s.Get(path, [&gate](const httplib::Request&, httplib::Response& res) {
    gate.wait();
    res.set_content("late", "text/plain");
  });
}

void serve_echo(httplib::Server& s) {
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

}  // namespace

TEST_CASE("curl client: GET and POST send method, headers and body and read the reply") {
  TestServer server(serve_echo);
  on_own_thread([&] {
    CurlHttpClient client;

    HttpRequest request = get(server.url("/echo"));
    request.headers.add("X-Test", "abc");
    auto got = client.open(request);
    REQUIRE(got.ok());
    CHECK((*got)->status() == 200);
    CHECK((*got)->headers().get("X-Method") == "GET");
    CHECK((*got)->headers().get("x-test") == "abc");
    CHECK((*got)->headers().get("X-Padded") == "spaced out");
    auto body = read_all(**got);
    REQUIRE(body.ok());
    CHECK(body.value().empty());

    HttpRequest post;
    post.url = server.url("/echo");
    post.headers.add("Content-Type", "application/json");
    post.body = std::string(2 << 20, 'x');  // large enough that curl would send Expect: 100-continue
    auto posted = client.open(post);
    REQUIRE(posted.ok());
    CHECK((*posted)->headers().get("X-Method") == "POST");
    CHECK((*posted)->headers().get("X-Expect") == "absent");
    CHECK((*posted)->headers().get("X-Content-Type") == "application/json");
    auto echoed = read_all(**posted);
    REQUIRE(echoed.ok());
    CHECK(echoed.value() == post.body);
  });
}

TEST_CASE("curl client: next() hands over the first chunk before the server sends the second") {
  Gate second_event;
  TestServer server([&](httplib::Server& s) { serve_two_events(s, "/stream", second_event); });
  on_own_thread([&] {
    CurlHttpClient client;

    auto got = client.open(get(server.url("/stream")));
    REQUIRE(got.ok());
    CHECK((*got)->headers().get("Content-Type") == "text/event-stream");
    std::string first, chunk;
    while (first.size() < 11 && (*got)->next(chunk)) first += chunk;
    CHECK(first == "data: one\n\n");  // the server is still blocked on the gate here
    second_event.open();
    auto rest = read_all(**got);
    REQUIRE(rest.ok());
    CHECK(rest.value() == "data: two\n\n");
    CHECK((*got)->error().ok());
  });
}

TEST_CASE("curl client: sequential requests from one thread reuse one connection") {
  std::mutex mu;
  std::set<int> ports;
  TestServer server([&](httplib::Server& s) {
    s.Get("/port", [&](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      ports.insert(req.remote_port);
      res.set_content("ok", "text/plain");
    });
  });
  on_own_thread([&] {
    CurlHttpClient client;

    for (int i = 0; i < 20; ++i) {
      auto got = client.open(get(server.url("/port")));
      REQUIRE(got.ok());
      auto body = read_all(**got);
      REQUIRE(body.ok());
      CHECK(body.value() == "ok");
    }
    std::lock_guard lock(mu);
    CHECK(ports.size() == 1);
  });
}

TEST_CASE("curl client: a stream abandoned mid-body leaves the next request working") {
  Gate never;  // opened only at the end, so the first stream stays mid-body
  TestServer server([&](httplib::Server& s) {
    serve_two_events(s, "/stream", never);
    s.Get("/ok", [](const httplib::Request&, httplib::Response& res) { res.set_content("fine", "text/plain"); });
  });
  on_own_thread([&] {
    CurlHttpClient client;
    {
      auto got = client.open(get(server.url("/stream")));
      REQUIRE(got.ok());
      std::string chunk;
      REQUIRE((*got)->next(chunk));
    }  // destroyed mid-body
    auto next = client.open(get(server.url("/ok")));
    REQUIRE(next.ok());
    auto body = read_all(**next);
    REQUIRE(body.ok());
    CHECK(body.value() == "fine");
    never.open();
  });
}

TEST_CASE("curl client: two streams open on one thread each get their own bytes") {
  Gate second_event;
  TestServer server([&](httplib::Server& s) {
    serve_two_events(s, "/stream", second_event);
    serve_echo(s);
  });
  on_own_thread([&] {
    CurlHttpClient client;

    auto stream = client.open(get(server.url("/stream")));
    REQUIRE(stream.ok());
    HttpRequest post;
    post.url = server.url("/echo");
    post.body = "hello";
    auto echo = client.open(post);
    REQUIRE(echo.ok());
    auto echoed = read_all(**echo);
    REQUIRE(echoed.ok());
    CHECK(echoed.value() == "hello");
    second_event.open();
    auto streamed = read_all(**stream);
    REQUIRE(streamed.ok());
    CHECK(streamed.value() == "data: one\n\ndata: two\n\n");
  });
}

TEST_CASE("curl client: connection refused is kUnavailable and names host:port") {
  // A bound but non-listening socket: connecting to its port is refused.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
  socklen_t len = sizeof(addr);
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  std::string host_port = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));

  CurlHttpClient client;
  HttpRequest request = get("http://" + host_port + "/v1/models");
  request.headers.add("Authorization", "Bearer sk-secret");
  auto got = client.open(request);
  ::close(fd);
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().kind == ErrorKind::kUnavailable);
  CHECK(got.error().message.find(host_port) != std::string::npos);
  CHECK(got.error().message.find("sk-secret") == std::string::npos);
}

TEST_CASE("curl client: no answer within read_timeout_ms is kUpstreamTimeout, to the millisecond") {
  Gate answer;
  TestServer server([&](httplib::Server& s) { serve_late(s, "/slow", answer); });
  on_own_thread([&] {
    CurlHttpClient client;

    HttpRequest request = get(server.url("/slow"));
    request.read_timeout_ms = 200;
    auto start = steady_clock::now();
    auto got = client.open(request);
    auto waited = std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
    answer.open();
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().kind == ErrorKind::kUpstreamTimeout);
    CHECK(got.error().message.find("within 200 ms") != std::string::npos);
    CHECK(waited.count() >= 200);
    CHECK(waited.count() < 900);  // ours, not curl's whole-second low-speed check
  });
}

TEST_CASE("curl client: a stream that stalls mid-body fails with kUpstreamTimeout") {
  Gate second_event;
  TestServer server([&](httplib::Server& s) { serve_two_events(s, "/stream", second_event); });
  on_own_thread([&] {
    CurlHttpClient client;

    HttpRequest request = get(server.url("/stream"));
    request.read_timeout_ms = 200;
    auto got = client.open(request);
    REQUIRE(got.ok());
    std::string body, chunk;
    while ((*got)->next(chunk)) body += chunk;
    second_event.open();
    CHECK(body == "data: one\n\n");
    REQUIRE_FALSE((*got)->error().ok());
    CHECK((*got)->error().error().kind == ErrorKind::kUpstreamTimeout);
  });
}

TEST_CASE("curl client: a server closing mid-body ends the stream with an error") {
  TestServer server([](httplib::Server& s) {
    s.Get("/cut", [](const httplib::Request&, httplib::Response& res) {
      res.set_content_provider(1000, "text/plain", [](size_t, size_t, httplib::DataSink& sink) {
        sink.write("partial", 7);
        return false;  // httplib closes the connection with 993 bytes owed
      });
    });
  });
  on_own_thread([&] {
    CurlHttpClient client;

    auto got = client.open(get(server.url("/cut")));
    REQUIRE(got.ok());
    CHECK((*got)->status() == 200);
    std::string body, chunk;
    while ((*got)->next(chunk)) body += chunk;
    CHECK(body == "partial");
    REQUIRE_FALSE((*got)->error().ok());
    CHECK((*got)->error().error().kind == ErrorKind::kUpstreamError);
    CHECK((*got)->error().error().message.find("ended unexpectedly") != std::string::npos);
    CHECK_FALSE(read_all(**got).ok());
  });
}

TEST_CASE("curl client: a cancel flag set from another thread stops a stream waiting for its next chunk") {
  Gate second_event;  // stays shut: without the cancel, next() would wait for it (5 s)
  TestServer server([&](httplib::Server& s) { serve_two_events(s, "/stream", second_event); });
  on_own_thread([&] {
    std::atomic<bool> cancel{false};
    auto got = CurlHttpClient().open(cancellable(get(server.url("/stream")), cancel));
    REQUIRE(got.ok());
    std::string first, chunk;
    while (first.size() < 11 && (*got)->next(chunk)) first += chunk;
    REQUIRE(first == "data: one\n\n");
    auto start = steady_clock::now();
    std::thread ctrl_c([&] { cancel = true; });
    const bool more = (*got)->next(chunk);
    auto waited = std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
    ctrl_c.join();
    second_event.open();
    CHECK_FALSE(more);
    REQUIRE_FALSE((*got)->error().ok());
    CHECK((*got)->error().error().code == "cancelled");
    CHECK(waited.count() < 1000);
  });
}

TEST_CASE("curl client: a cancel flag set from another thread stops open() waiting for the response head") {
  Gate answer;
  TestServer server([&](httplib::Server& s) { serve_late(s, "/slow", answer); });
  on_own_thread([&] {
    std::atomic<bool> cancel{false};
    auto start = steady_clock::now();
    std::thread ctrl_c([&] { cancel = true; });
    auto got = CurlHttpClient().open(cancellable(get(server.url("/slow")), cancel));
    auto waited = std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
    ctrl_c.join();
    answer.open();
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().code == "cancelled");
    CHECK(waited.count() < 1000);
  });
}

TEST_CASE("curl client: an upstream 503 is a response whose body is readable") {
  TestServer server([](httplib::Server& s) {
    s.Get("/busy", [](const httplib::Request&, httplib::Response& res) {
      res.status = 503;
      res.set_content("overloaded", "text/plain");
    });
  });
  on_own_thread([&] {
    CurlHttpClient client;

    auto got = client.open(get(server.url("/busy")));
    REQUIRE(got.ok());
    CHECK((*got)->status() == 503);
    auto body = read_all(**got);
    REQUIRE(body.ok());
    CHECK(body.value() == "overloaded");
  });
}

}  // namespace gw
