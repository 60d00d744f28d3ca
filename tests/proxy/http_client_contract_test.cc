// http_client_contract_test.cc - the HttpClient contract (core/http/http_types.h),
// checked case by case against the three real clients: CurlHttpClient (any
// URL, on an ordinary thread), FiberCurlClient (any URL, in a fiber: curl on
// the loop) and PlainHttpClient (plain http://), and again over TLS (OverTls:
// the same cases through a TlsPipe, https with a throwaway CA; the cases that
// need no TLS, such as a refused connection, run plainly there), each against
// a cpp-httplib server on
// 127.0.0.1 (loopback only). Synchronisation between test and server uses
// Gates (promises); every wait is bounded. One server is slow on purpose
// (answers after 1 s); no check holds an upper bound on time.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <type_traits>

#include "proxy/io/curl_http_client.h"
#include "proxy/io/fiber_curl_client.h"
#include "proxy/io/fiber_loop.h"
#include "proxy/io/plain_http_client.h"
#include "tests/support/loopback_server.h"
#include "tests/support/tls_pipe.h"

namespace gw {

// `Inner` trusting the test CA, its requests to 127.0.0.1 sent as https
// through a TlsPipe in front of the port they name (one pipe per port, kept
// for the process).
template <class Inner>
class OverTls final : public HttpClient {
 public:
  Result<std::unique_ptr<ResponseStream>> open(const HttpRequest& request) override {
    HttpRequest copy = request;
    const std::string prefix = "http://127.0.0.1:";
    if (copy.url.starts_with(prefix)) {
      size_t end = copy.url.find('/', prefix.size());
      int port = std::stoi(copy.url.substr(prefix.size(), end - prefix.size()));
      copy.url = pipe_for(port).url() + copy.url.substr(end);
    }
    return inner_.open(copy);
  }

 private:
  static TlsPipe& pipe_for(int port) {
    static std::mutex mu;
    static std::map<int, std::unique_ptr<TlsPipe>> pipes;
    std::lock_guard<std::mutex> lock(mu);
    auto& pipe = pipes[port];
    if (!pipe) pipe = std::make_unique<TlsPipe>(port);
    return *pipe;
  }
  static Inner make() {
    if constexpr (std::is_same_v<Inner, PlainHttpClient>)
      return PlainHttpClient(*TlsClient::create(TlsPipe::ca_file()));
    else return Inner(CurlOptions{.ca_file = TlsPipe::ca_file()});
  }
  Inner inner_ = make();
};

}  // namespace gw

TYPE_TO_STRING(gw::CurlHttpClient);
TYPE_TO_STRING(gw::FiberCurlClient);
TYPE_TO_STRING(gw::PlainHttpClient);
TYPE_TO_STRING(gw::OverTls<gw::CurlHttpClient>);
TYPE_TO_STRING(gw::OverTls<gw::FiberCurlClient>);
TYPE_TO_STRING(gw::OverTls<gw::PlainHttpClient>);

// Every case runs once per client, plainly and over TLS.
#define GW_HTTP_CLIENTS                                                                                \
  CurlHttpClient, FiberCurlClient, PlainHttpClient, OverTls<CurlHttpClient>, OverTls<FiberCurlClient>, \
      OverTls<PlainHttpClient>

namespace gw {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Runs the client side of a case on a thread of its own: FiberCurlClient's
// in a fiber of a loop on that thread (where gw serve uses it), the others
// plainly. Blocking waits of the case (its Gates) block the loop too, which
// is harmless: nothing else runs on it.
template <class Client>
void client_side(const std::function<void()>& body) {
  if constexpr (std::is_same_v<Client, FiberCurlClient> || std::is_same_v<Client, OverTls<FiberCurlClient>>) {
    on_own_thread([&] {
      FiberLoop loop;
      std::exception_ptr failure;
      loop.spawn([&] {
        try {
          body();
        } catch (...) {
          failure = std::current_exception();
        }
        loop.finish();
      });
      loop.run();
      if (failure) std::rethrow_exception(failure);
    });
  } else {
    on_own_thread(body);
  }
}

}  // namespace

TEST_CASE_TEMPLATE("http client: GET and POST send method, headers and body and read the reply", Client,
                   GW_HTTP_CLIENTS) {
  TestServer server(serve_echo);
  client_side<Client>([&] {
    Client client;

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

TEST_CASE_TEMPLATE("http client: next() hands over the first chunk before the server sends the second", Client,
                   GW_HTTP_CLIENTS) {
  Gate second_event;
  TestServer server([&](httplib::Server& s) { serve_two_events(s, "/stream", second_event); });
  client_side<Client>([&] {
    Client client;

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

TEST_CASE_TEMPLATE("http client: sequential requests from one thread reuse one connection", Client, GW_HTTP_CLIENTS) {
  std::mutex mu;
  std::set<int> ports;
  TestServer server([&](httplib::Server& s) {
    s.Get("/port", [&](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      ports.insert(req.remote_port);
      res.set_content("ok", "text/plain");
    });
  });
  client_side<Client>([&] {
    Client client;

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

TEST_CASE_TEMPLATE("http client: a stream abandoned mid-body leaves the next request working", Client,
                   GW_HTTP_CLIENTS) {
  Gate never;  // opened only at the end, so the first stream stays mid-body
  TestServer server([&](httplib::Server& s) {
    serve_two_events(s, "/stream", never);
    s.Get("/ok", [](const httplib::Request&, httplib::Response& res) { res.set_content("fine", "text/plain"); });
  });
  client_side<Client>([&] {
    Client client;
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

TEST_CASE_TEMPLATE("http client: two streams open on one thread each get their own bytes", Client, GW_HTTP_CLIENTS) {
  Gate second_event;
  TestServer server([&](httplib::Server& s) {
    serve_two_events(s, "/stream", second_event);
    serve_echo(s);
  });
  client_side<Client>([&] {
    Client client;

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

TEST_CASE_TEMPLATE("http client: connection refused is kUnavailable and names host:port", Client, GW_HTTP_CLIENTS) {
  RefusingPort port;
  client_side<Client>([&] {
    Client client;
    // Over TLS the refused port is asked for by https directly (no pipe in front).
    constexpr bool kTls = !std::is_same_v<Client, CurlHttpClient> && !std::is_same_v<Client, FiberCurlClient> &&
                          !std::is_same_v<Client, PlainHttpClient>;
    HttpRequest request = get((kTls ? "https://" : "http://") + port.host_port() + "/v1/models");
    request.headers.add("Authorization", "Bearer sk-secret");
    auto got = client.open(request);
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().kind == ErrorKind::kUnavailable);
    CHECK(got.error().message.find(port.host_port()) != std::string::npos);
    CHECK(got.error().message.find("sk-secret") == std::string::npos);
  });
}

TEST_CASE_TEMPLATE("http client: no answer within read_timeout_ms is kUpstreamTimeout, to the millisecond", Client,
                   GW_HTTP_CLIENTS) {
  // The server answers 1 s after the request: a client whose timer had
  // whole-second granularity (curl's low-speed check) would get the answer.
  TestServer server([](httplib::Server& s) {
    s.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      res.set_content("late", "text/plain");
    });
  });
  client_side<Client>([&] {
    Client client;

    HttpRequest request = get(server.url("/slow"));
    request.read_timeout_ms = 200;
    auto start = steady_clock::now();
    auto got = client.open(request);
    auto waited = std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().kind == ErrorKind::kUpstreamTimeout);
    CHECK(got.error().message.find("within 200 ms") != std::string::npos);
    CHECK(waited.count() >= 200);  // not before its time
  });
}

TEST_CASE_TEMPLATE("http client: a stream that stalls mid-body fails with kUpstreamTimeout", Client, GW_HTTP_CLIENTS) {
  Gate second_event;
  TestServer server([&](httplib::Server& s) { serve_two_events(s, "/stream", second_event); });
  client_side<Client>([&] {
    Client client;

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

TEST_CASE_TEMPLATE("http client: a server closing mid-body ends the stream with an error", Client, GW_HTTP_CLIENTS) {
  TestServer server(serve_cut);
  client_side<Client>([&] {
    Client client;

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

TEST_CASE_TEMPLATE("http client: a cancel flag set from another thread stops a stream waiting for its next chunk",
                   Client, GW_HTTP_CLIENTS) {
  Gate second_event;  // stays shut: without the cancel, next() would wait for it (5 s)
  TestServer server([&](httplib::Server& s) { serve_two_events(s, "/stream", second_event); });
  client_side<Client>([&] {
    std::atomic<bool> cancel{false};
    auto got = Client().open(cancellable(get(server.url("/stream")), cancel));
    REQUIRE(got.ok());
    std::string first, chunk;
    while (first.size() < 11 && (*got)->next(chunk)) first += chunk;
    REQUIRE(first == "data: one\n\n");
    std::thread ctrl_c([&] { cancel = true; });
    const bool more = (*got)->next(chunk);  // without the cancel: the second event, after 5 s
    ctrl_c.join();
    second_event.open();
    CHECK_FALSE(more);
    REQUIRE_FALSE((*got)->error().ok());
    CHECK((*got)->error().error().code == "cancelled");
  });
}

TEST_CASE_TEMPLATE("http client: a cancel flag set from another thread stops open() waiting for the response head",
                   Client, GW_HTTP_CLIENTS) {
  Gate answer;
  TestServer server([&](httplib::Server& s) { serve_late(s, "/slow", answer); });
  client_side<Client>([&] {
    std::atomic<bool> cancel{false};
    std::thread ctrl_c([&] { cancel = true; });
    auto got = Client().open(cancellable(get(server.url("/slow")), cancel));  // without the cancel: "late", after 5 s
    ctrl_c.join();
    answer.open();
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().code == "cancelled");
  });
}

TEST_CASE_TEMPLATE("http client: an upstream 503 is a response whose body is readable", Client, GW_HTTP_CLIENTS) {
  TestServer server(serve_busy);
  client_side<Client>([&] {
    Client client;

    auto got = client.open(get(server.url("/busy")));
    REQUIRE(got.ok());
    CHECK((*got)->status() == 503);
    auto body = read_all(**got);
    REQUIRE(body.ok());
    CHECK(body.value() == "overloaded");
  });
}

}  // namespace gw
