// http_server_test.cc - gw's own HTTP/1.1 server, spoken to over raw loopback
// sockets so every byte on the wire is the test's choice: keep-alive and
// pipelining, chunked and 100-continue uploads, errors in the caller's
// dialect, HEAD, streaming and a client leaving mid-stream, stop() with idle
// connections, many connections and a waiting handler on one loop thread.
// No sleeps: every wait is a bounded socket read or future.
#include "proxy/server/http_server.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "proxy/io/fiber_io.h"
#include "tests/support/raw_wire.h"

namespace gw {

TEST_CASE("http server: pipelined keep-alive requests are answered in order on one connection") {
  LiveServer server(echo);
  Wire w(server.port());
  w.send(post("/one?a=1", "first") + post("/two", "second"));
  auto r1 = w.read_response();
  auto r2 = w.read_response();
  CHECK(r1.status == 200);
  CHECK(r1.body == "first");
  CHECK(r1.headers.get("X-Query") == "a=1");
  CHECK(r1.headers.get("X-Remote") == "127.0.0.1");
  CHECK(r1.headers.get("Content-Type") == "text/plain");
  CHECK(r2.body == "second");
  CHECK(r2.headers.get("X-Path") == "/two");
  CHECK_FALSE(r2.headers.has("Connection"));  // still open
  w.send(post("/three", "third"));
  CHECK(w.read_response().body == "third");
}

TEST_CASE("http server: a chunked upload arrives as one body") {
  LiveServer server(echo);
  Wire w(server.port());
  w.send("POST /up HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n");
  w.send("3;x=y\r\nefg\r\n0\r\n\r\n");
  auto r = w.read_response();
  CHECK(r.status == 200);
  CHECK(r.body == "abcdefg");
}

TEST_CASE("http server: Expect: 100-continue gets an interim 100 before the body is sent") {
  LiveServer server(echo);
  Wire w(server.port());
  w.send("POST /up HTTP/1.1\r\nHost: gw\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
  CHECK(w.read_response().status == 100);
  w.send("data");
  auto r = w.read_response();
  CHECK(r.status == 200);
  CHECK(r.body == "data");
}

TEST_CASE("http server: an oversized body is 413 in the caller's dialect, without reading it") {
  ServerOptions o;
  o.max_body_bytes = 10;
  LiveServer server(echo, o);
  Wire w(server.port());
  w.send("POST /v1/messages HTTP/1.1\r\nHost: gw\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n");
  auto r = w.read_response();
  CHECK(r.status == 413);
  CHECK(r.headers.get("Connection") == "close");
  auto j = nlohmann::json::parse(r.body);
  CHECK(j["type"] == "error");  // Anthropic's shape on /v1/messages
  CHECK(j["error"]["type"] == "request_too_large");
  CHECK(w.at_eof());

  Wire openai(server.port());
  openai.send(
      "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: "
      "chunked\r\n\r\nb\r\n01234567890\r\n0\r\n\r\n");
  auto r2 = openai.read_response();
  CHECK(r2.status == 413);
  CHECK(nlohmann::json::parse(r2.body)["error"]["message"].is_string());
}

TEST_CASE("http server: a malformed request is 400 with a JSON error, then the connection closes") {
  LiveServer server(echo);
  struct Case {
    std::string_view request;
    std::string_view message;
  };
  for (const Case& c : {Case{"GET /v1/models HTTP/1.1\r\nHost: gw\r\nbad header line\r\n\r\n", "malformed header line"},
                        Case{"POST /up HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabcd\r\n",
                             "malformed chunked request body"}}) {
    CAPTURE(c.request);
    Wire w(server.port());
    w.send(c.request);
    auto r = w.read_response();
    CHECK(r.status == 400);
    CHECK(nlohmann::json::parse(r.body)["error"]["message"] == c.message);
    CHECK(w.at_eof());
  }
}

TEST_CASE("http server: Connection: close and HTTP/1.0 end the connection after the answer") {
  LiveServer server(echo);
  Wire w(server.port());
  w.send(post("/x", "bye", "Connection: close\r\n"));
  auto r = w.read_response();
  CHECK(r.body == "bye");
  CHECK(r.headers.get("Connection") == "close");
  CHECK(w.at_eof());

  Wire old(server.port());
  old.send("GET /old HTTP/1.0\r\n\r\n");
  CHECK(old.read_response().headers.get("Connection") == "close");
  CHECK(old.at_eof());
}

TEST_CASE("http server: HEAD is answered like GET without a body; the connection stays usable") {
  LiveServer server([](const InboundRequest& in) {
    Reply r = echo(in);
    r.body = "twelve bytes";
    return r;
  });
  Wire w(server.port());
  w.send("HEAD /health HTTP/1.1\r\nHost: gw\r\n\r\n");
  auto r = w.read_response(/*head_only=*/true);
  CHECK(r.headers.get("X-Method") == "GET");
  CHECK(r.headers.get("Content-Length") == "12");
  w.send("GET /health HTTP/1.1\r\nHost: gw\r\n\r\n");
  CHECK(w.read_response().body == "twelve bytes");
}

TEST_CASE("http server: a handler that throws is a 500 JSON error, not a dropped connection") {
  LiveServer server([](const InboundRequest&) -> Reply { throw std::runtime_error("boom"); });
  Wire w(server.port());
  w.send("GET /x HTTP/1.1\r\nHost: gw\r\n\r\n");
  auto r = w.read_response();
  CHECK(r.status == 500);
  CHECK(nlohmann::json::parse(r.body)["error"]["message"] == "internal error");
}

TEST_CASE("http server: a stream's last bytes go out together with its end, in one write") {
  LiveServer server([](const InboundRequest&) {
    Reply r;
    r.content_type = "text/event-stream";
    r.next_chunk = [](std::string& chunk) {
      chunk = "data: [DONE]\n\n";
      return StreamStep::kEnd;
    };
    return r;
  });
  Wire w(server.port());
  w.send("POST /s HTTP/1.1\r\nHost: gw\r\nContent-Length: 0\r\n\r\n");
  const std::string bytes = w.one_read();  // one write on loopback arrives whole
  CHECK(bytes.find("Transfer-Encoding: chunked") != std::string::npos);
  const std::string tail = "e\r\ndata: [DONE]\n\n\r\n0\r\n\r\n";  // the chunk, then the last-chunk
  REQUIRE(bytes.size() > tail.size());
  CHECK(bytes.substr(bytes.size() - tail.size()) == tail);
}

TEST_CASE("http server: a stream is sent chunk by chunk and reports a completed end") {
  std::promise<bool> ended;
  LiveServer server([&](const InboundRequest&) {
    Reply r;
    r.content_type = "text/event-stream";
    auto n = std::make_shared<int>(0);
    r.next_chunk = [n](std::string& chunk) {
      chunk = ++*n <= 3 ? "data: " + std::to_string(*n) + "\n\n" : "";
      return *n <= 3 ? StreamStep::kChunk : StreamStep::kEnd;
    };
    r.on_stream_end = [&](bool completed) { ended.set_value(completed); };
    return r;
  });
  Wire w(server.port());
  w.send("POST /s HTTP/1.1\r\nHost: gw\r\nContent-Length: 0\r\n\r\n");
  auto r = w.read_response();
  CHECK(r.headers.get("Transfer-Encoding") == "chunked");
  CHECK(r.headers.get("Content-Type") == "text/event-stream");
  CHECK(r.body == "data: 1\n\ndata: 2\n\ndata: 3\n\n");
  auto done = ended.get_future();
  REQUIRE(done.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK(done.get());
}

TEST_CASE("http server: a client leaving mid-stream stops the producer and reports an incomplete end") {
  std::promise<bool> ended;
  std::promise<void> first_sent;
  std::atomic<int> produced{0};
  LiveServer server([&](const InboundRequest&) {
    Reply r;
    r.next_chunk = [&](std::string& chunk) {
      if (produced == 1) first_sent.get_future().wait_for(std::chrono::seconds(5));
      chunk = std::string(1024, 'x');
      return ++produced < 100000 ? StreamStep::kChunk : StreamStep::kEnd;
    };
    r.on_stream_end = [&](bool completed) { ended.set_value(completed); };
    return r;
  });
  {
    Wire w(server.port());
    w.send("GET /s HTTP/1.1\r\nHost: gw\r\n\r\n");
    REQUIRE(w.need(100));
    w.close();
    first_sent.set_value();
  }
  auto done = ended.get_future();
  REQUIRE(done.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK_FALSE(done.get());
  CHECK(produced < 100000);
}

TEST_CASE("http server: stop() ends idle keep-alive connections and lets run() return at once") {
  LiveServer server(echo);
  Wire w(server.port());
  w.send(post("/x", "a"));
  CHECK(w.read_response().status == 200);  // the connection now idles in keep-alive
  CHECK(server.stop());
  CHECK(w.at_eof());
}

TEST_CASE("http server: connections are served by threads named gw-http, at the configured lower priority") {
  errno = 0;
  const int base_nice = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)));
  REQUIRE(errno == 0);
  ServerOptions o;
  o.worker_nice = 3;
  LiveServer server(
      [](const InboundRequest&) {
        char name[16] = {};
        pthread_getname_np(pthread_self(), name, sizeof name);
        Reply r;
        r.headers.add("X-Thread", name);
        r.headers.add("X-Nice", std::to_string(::getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)))));
        return r;
      },
      o);
  Wire w(server.port());
  w.send("GET /x HTTP/1.1\r\nHost: gw\r\n\r\n");
  auto r = w.read_response();
  CHECK(r.headers.get("X-Thread") == "gw-http");
  CHECK(r.headers.get("X-Nice") == std::to_string(std::min(base_nice + 3, 19)));
}

TEST_CASE(
    "http server: four hundred idle keep-alive connections (more than the old thread cap) do not keep a new one "
    "waiting") {
  ServerOptions o;
  o.threads = 1;  // every connection on one loop thread
  LiveServer server(echo, o);
  std::vector<std::unique_ptr<Wire>> idle;
  for (int i = 0; i < 400; ++i) {  // 800 descriptors: within the usual 1024
    idle.push_back(std::make_unique<Wire>(server.port()));
    if (i % 100 == 0) {  // some have had a request; all now wait for their next
      idle.back()->send(post("/warm", "w"));
      REQUIRE(idle.back()->read_response().status == 200);
    }
  }
  Wire fresh(server.port());  // its read times out after 5 s, the keep-alive timeout
  fresh.send(post("/now", "answered"));
  auto r = fresh.read_response();
  CHECK(r.status == 200);
  CHECK(r.body == "answered");
}

TEST_CASE("http server: a handler waiting on its upstream does not hold up other connections of its thread") {
  int upstream[2];
  REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, upstream) == 0);
  ServerOptions o;
  o.threads = 1;
  // /wait reads one byte from the "upstream" socket, which only /release
  // writes: on a server whose thread blocked in /wait, /release never runs.
  LiveServer server(
      [&](const InboundRequest& in) {
        Reply r;
        r.content_type = "text/plain";
        if (in.path == "/wait") {
          ::fcntl(upstream[1], F_SETFL, O_NONBLOCK);
          char c = 0;
          while (::read(upstream[1], &c, 1) != 1) wait_for_fd(upstream[1], POLLIN, SteadyTime::max());
          r.body = std::string("released by ") + c;
        } else {
          REQUIRE(::write(upstream[0], "R", 1) == 1);
          r.body = "released";
        }
        return r;
      },
      o);
  Wire waiting(server.port()), releasing(server.port());
  waiting.send("GET /wait HTTP/1.1\r\nHost: gw\r\n\r\n");
  releasing.send("GET /release HTTP/1.1\r\nHost: gw\r\n\r\n");
  CHECK(releasing.read_response().body == "released");
  CHECK(waiting.read_response().body == "released by R");
  ::close(upstream[0]);
  ::close(upstream[1]);
}

TEST_CASE("http server: a second server cannot bind a port that is in use") {
  LiveServer first(echo);
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = first.port();
  HttpServer second(o, echo);
  auto bound = second.bind();
  REQUIRE_FALSE(bound.ok());
  CHECK(bound.error().message.find("address in use") != std::string::npos);
}

}  // namespace gw
