// plain_http_client_test.cc - what PlainHttpClient does beyond the shared
// HttpClient contract (http_client_contract_test.cc): framing read off the
// wire (chunked with extensions and trailers, Content-Length in pieces, until
// close, bodiless answers, interim heads), when a connection is kept, dropped
// or retried, and the request bytes it writes. Against RawHttpServer on
// 127.0.0.1, whose answers the tests write byte for byte; no sleeps, every
// wait bounded. Also: which URLs UpstreamHttpClient sends without curl.
#include "proxy/io/plain_http_client.h"

#include <doctest/doctest.h>

#include <string>

#include "proxy/io/upstream_http_client.h"
#include "tests/support/loopback_server.h"
#include "tests/support/raw_http_server.h"

namespace gw {
namespace {

// Answers every request on a connection with `response`.
RawHttpServer::Serve answer_all(std::string response) {
  return [response](RawPeer& peer, int) {
    while (peer.read_request()) peer.write(response);
  };
}

// open() then read_all(); the body, or the error's message.
std::string fetch(PlainHttpClient& client, const HttpRequest& request) {
  auto got = client.open(request);
  if (!got) return "error: " + got.error().message;
  auto body = read_all(**got);
  return body ? *body : "error: " + body.error().message;
}

// Two GETs, one after the other, from a thread of its own (whose pool closes
// when it ends): both bodies, and how many connections the server accepted.
struct TwoFetches {
  std::string first, second;
  int connections = 0;
};

TwoFetches fetch_twice(const RawHttpServer& server) {
  TwoFetches out;
  on_own_thread([&] {
    PlainHttpClient client;
    out.first = fetch(client, get(server.url("/a")));
    out.second = fetch(client, get(server.url("/b")));
    out.connections = server.connections();
  });
  return out;
}

}  // namespace

TEST_CASE("plain client: a chunked body with extensions and trailers arrives decoded on a kept connection") {
  RawHttpServer server([](RawPeer& peer, int) {
    while (peer.read_request()) {
      peer.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Kind: sse\r\n\r\n5;name=value\r\nhello\r\n");
      peer.write("6\r\n world\r\n");
      peer.write("0\r\nX-Trailer: dropped\r\n\r\n");
    }
  });
  on_own_thread([&] {
    PlainHttpClient client;
    for (int i = 0; i < 3; ++i) {
      auto got = client.open(get(server.url("/stream")));
      REQUIRE(got.ok());
      CHECK((*got)->headers().get("X-Kind") == "sse");
      auto body = read_all(**got);
      REQUIRE(body.ok());
      CHECK(*body == "hello world");
      CHECK_FALSE((*got)->headers().has("X-Trailer"));
    }
    CHECK(server.connections() == 1);
  });
}

TEST_CASE("plain client: a Content-Length body written in pieces arrives whole and the connection is kept") {
  RawHttpServer server([](RawPeer& peer, int) {
    while (peer.read_request()) {
      peer.write("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello");
      peer.write(" world");
    }
  });
  TwoFetches got = fetch_twice(server);
  CHECK(got.first == "hello world");
  CHECK(got.second == "hello world");
  CHECK(got.connections == 1);
}

TEST_CASE("plain client: a body ended by the server's close is read to its end, on a connection not kept") {
  RawHttpServer server([](RawPeer& peer, int) {
    if (!peer.read_request()) return;
    peer.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil ");
    peer.write("the close");
  });  // returning closes the connection
  TwoFetches got = fetch_twice(server);
  CHECK(got.first == "until the close");
  CHECK(got.second == "until the close");
  CHECK(got.connections == 2);
}

TEST_CASE("plain client: an answer with Connection: close does not leave its connection for reuse") {
  RawHttpServer server(answer_all(raw_response("200 OK", "Connection: close\r\n", "bye")));
  TwoFetches got = fetch_twice(server);
  CHECK(got.first == "bye");
  CHECK(got.second == "bye");
  CHECK(got.connections == 2);
}

TEST_CASE("plain client: a stream dropped mid-body closes its connection; the next request opens another") {
  RawHttpServer server([](RawPeer& peer, int index) {
    if (!peer.read_request()) return;
    if (index == 0) {
      peer.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
      CHECK_FALSE(peer.read_request());  // the client closes instead of sending more
      return;
    }
    peer.write(raw_response("200 OK", "", "fine"));
    while (peer.read_request()) peer.write(raw_response("200 OK", "", "fine"));
  });
  on_own_thread([&] {
    PlainHttpClient client;
    {
      auto got = client.open(get(server.url("/partial")));
      REQUIRE(got.ok());
      std::string chunk;
      REQUIRE((*got)->next(chunk));
      CHECK(chunk == "abc");
    }
    CHECK(fetch(client, get(server.url("/ok"))) == "fine");
    CHECK(server.connections() == 2);
  });
}

TEST_CASE("plain client: a kept connection the server closed while idle is retried once on a fresh one") {
  Gate closed;
  RawHttpServer server([&](RawPeer& peer, int index) {
    if (!peer.read_request()) return;
    peer.write(raw_response("200 OK", "", index == 0 ? "first" : "second"));
    if (index == 0) {
      peer.close();  // as a server whose keep-alive timeout ran out
      closed.open();
      return;
    }
    while (peer.read_request()) peer.write(raw_response("200 OK", "", "more"));
  });
  on_own_thread([&] {
    PlainHttpClient client;
    HttpRequest post;
    post.url = server.url("/v1/chat/completions");
    post.body = "{}";
    CHECK(fetch(client, post) == "first");
    closed.wait();
    CHECK(fetch(client, post) == "second");
    CHECK(server.connections() == 2);
  });
}

TEST_CASE("plain client: an unrequested response written on an idle kept connection never answers the next request") {
  Gate first_read, planted;
  RawHttpServer server([&](RawPeer& peer, int index) {
    if (!peer.read_request()) return;
    if (index == 0) {
      peer.write(raw_response("200 OK", "", "first"));
      first_read.wait();  // the client has the answer and kept the connection
      peer.write(raw_response("200 OK", "", "planted"));
      planted.open();
    } else {
      peer.write(raw_response("200 OK", "", "second"));
    }
    while (peer.read_request()) peer.write(raw_response("200 OK", "", "more"));
  });
  on_own_thread([&] {
    PlainHttpClient client;
    CHECK(fetch(client, get(server.url("/a"))) == "first");
    first_read.open();
    planted.wait();
    CHECK(fetch(client, get(server.url("/b"))) == "second");
    CHECK(server.connections() == 2);
  });
}

TEST_CASE("plain client: Content-Lengths that disagree fail the request and its connection is not reused") {
  RawHttpServer server([](RawPeer& peer, int index) {
    if (!peer.read_request()) return;
    if (index == 0) {
      std::string planted = raw_response("200 OK", "", "planted");
      peer.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: " + std::to_string(5 + planted.size()) +
                 "\r\n\r\nhello" + planted);
      CHECK_FALSE(peer.read_request());  // the client closes instead of sending more
      return;
    }
    peer.write(raw_response("200 OK", "", "second"));
    while (peer.read_request()) peer.write(raw_response("200 OK", "", "more"));
  });
  on_own_thread([&] {
    PlainHttpClient client;
    auto got = client.open(get(server.url("/a")));
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().kind == ErrorKind::kUpstreamError);
    CHECK(got.error().message.find("conflicting Content-Length") != std::string::npos);
    CHECK(fetch(client, get(server.url("/b"))) == "second");
    CHECK(server.connections() == 2);
  });
}

TEST_CASE("plain client: a body cut short by the server's close fails, and the next request gets its own answer") {
  RawHttpServer server([](RawPeer& peer, int index) {
    if (!peer.read_request()) return;
    if (index == 0) {
      peer.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
      return;  // closes the connection 7 bytes short
    }
    peer.write(raw_response("200 OK", "", "second"));
    while (peer.read_request()) peer.write(raw_response("200 OK", "", "more"));
  });
  on_own_thread([&] {
    PlainHttpClient client;
    CHECK(fetch(client, get(server.url("/a"))).starts_with("error: stream from provider ended unexpectedly"));
    CHECK(fetch(client, get(server.url("/b"))) == "second");
    CHECK(server.connections() == 2);
  });
}

TEST_CASE("plain client: a fresh connection closed before any answer is kUnavailable and not retried") {
  RawHttpServer server([](RawPeer& peer, int) { peer.read_request(); });
  on_own_thread([&] {
    PlainHttpClient client;
    auto got = client.open(get(server.url("/nothing")));
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().kind == ErrorKind::kUnavailable);
    CHECK(got.error().message.find(server.url("").substr(7)) != std::string::npos);
    CHECK(server.connections() == 1);
  });
}

TEST_CASE("plain client: interim 1xx heads are skipped and a redirect is the answer, not followed") {
  RawHttpServer server(answer_all("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n" +
                                  raw_response("302 Found", "Location: /elsewhere\r\n", "moved")));
  on_own_thread([&] {
    PlainHttpClient client;
    auto got = client.open(get(server.url("/old")));
    REQUIRE(got.ok());
    CHECK((*got)->status() == 302);
    CHECK((*got)->headers().get("Location") == "/elsewhere");
    CHECK_FALSE((*got)->headers().has("Link"));
    auto body = read_all(**got);
    REQUIRE(body.ok());
    CHECK(*body == "moved");
    CHECK(server.connections() == 1);
  });
}

TEST_CASE("plain client: HEAD and 204 answers end without a body and keep the connection") {
  RawHttpServer server([](RawPeer& peer, int) {
    std::string request;
    while (peer.read_request(&request)) {
      if (request.starts_with("HEAD")) peer.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
      else peer.write("HTTP/1.1 204 No Content\r\n\r\n");
    }
  });
  on_own_thread([&] {
    PlainHttpClient client;
    HttpRequest head = get(server.url("/h"));
    head.method = "HEAD";
    auto got = client.open(head);
    REQUIRE(got.ok());
    CHECK((*got)->headers().get("Content-Length") == "5");
    std::string chunk;
    CHECK_FALSE((*got)->next(chunk));
    CHECK((*got)->error().ok());
    HttpRequest remove = get(server.url("/d"));
    remove.method = "DELETE";
    auto deleted = client.open(remove);
    REQUIRE(deleted.ok());
    CHECK((*deleted)->status() == 204);
    CHECK(read_all(**deleted).ok());
    CHECK(server.connections() == 1);
  });
}

TEST_CASE("plain client: the request carries Host and its own Content-Length, not the caller's framing fields") {
  std::string seen;
  RawHttpServer server([&](RawPeer& peer, int) {
    if (peer.read_request(&seen)) peer.write(raw_response("200 OK", "", "ok"));
  });
  on_own_thread([&] {
    PlainHttpClient client;
    HttpRequest post;
    post.url = server.url("/v1/x?y=1#fragment");
    post.headers.add("Authorization", "Bearer k");
    post.headers.add("Content-Length", "999");
    post.headers.add("Transfer-Encoding", "chunked");
    post.headers.add("Expect", "100-continue");
    post.body = "hello";
    CHECK(fetch(client, post) == "ok");
  });
  std::string host = server.url("").substr(7);
  CHECK(seen ==
        "POST /v1/x?y=1 HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer k\r\nContent-Length: 5\r\n\r\nhello");
}

TEST_CASE("plain client: a host name is resolved and its addresses tried in turn (localhost: ::1, then 127.0.0.1)") {
  std::string seen;
  RawHttpServer server([&](RawPeer& peer, int) {  // listens on 127.0.0.1 only
    if (peer.read_request(&seen)) peer.write(raw_response("200 OK", "", "found"));
  });
  std::string url = server.url("/by-name");
  url.replace(url.find("127.0.0.1"), 9, "localhost");
  on_own_thread([&] {
    PlainHttpClient client;
    CHECK(fetch(client, get(url)) == "found");
  });
  CHECK(seen.find("\r\nHost: localhost:") != std::string::npos);
}

TEST_CASE("upstream client: plain http:// goes without curl; https, user info and a proxy setting go to curl") {
  auto no_env = [](const char*) -> const char* { return nullptr; };
  UpstreamHttpClient direct(no_env);
  CHECK(direct.goes_plain("http://127.0.0.1:11434/v1/chat/completions"));
  CHECK(direct.goes_plain("HTTP://localhost:8000"));
  CHECK_FALSE(direct.goes_plain("https://api.openai.com/v1/chat/completions"));
  CHECK_FALSE(direct.goes_plain("http://user:pass@127.0.0.1:8000/v1"));
  CHECK(direct.goes_plain("http://127.0.0.1:8000/v1?from=a@b"));

  for (const char* variable : {"http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"}) {
    CAPTURE(variable);
    UpstreamHttpClient proxied([variable](const char* name) -> const char* {
      return std::string_view(name) == variable ? "http://proxy:3128" : nullptr;
    });
    CHECK_FALSE(proxied.goes_plain("http://127.0.0.1:11434/v1"));
  }
  UpstreamHttpClient empty_proxy([](const char*) -> const char* { return ""; });
  CHECK(empty_proxy.goes_plain("http://127.0.0.1:11434/v1"));
}

}  // namespace gw
