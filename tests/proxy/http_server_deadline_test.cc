// http_server_deadline_test.cc - a request's head and body must arrive within
// total deadlines (ServerOptions head_timeout_ms, body_timeout_ms), however
// the bytes trickle in; past one the client gets 408 and the connection
// closes. The deadlines are configured in milliseconds so nothing waits
// long; the client paces its drip with bounded polls for the answer and no
// assertion measures time.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/raw_wire.h"

namespace gw {
namespace {

constexpr int kMaxDrips = 500;  // x 20 ms: 10 s, far past the deadlines below

// Sends `drip` every 20 ms until the server answers (or kMaxDrips); how many were sent.
int drip_until_answered(Wire& w, std::string_view drip) {
  int drips = 0;
  while (!w.readable_within(20) && drips < kMaxDrips) {
    if (!w.try_send(drip)) break;  // closed: its answer is waiting
    ++drips;
  }
  return drips;
}

void expect_timeout(Wire& w, std::string_view dialect_type) {
  auto r = w.read_response();
  CHECK(r.status == 408);
  CHECK(r.headers.get("Connection") == "close");
  auto j = nlohmann::json::parse(r.body);
  if (dialect_type == "anthropic") {
    CHECK(j["type"] == "error");
    CHECK(j["error"]["type"] == "invalid_request_error");
  } else {
    CHECK(j["error"]["code"] == "request_timeout");
  }
  CHECK(w.at_eof());
}

}  // namespace

TEST_CASE("http server: a head trickled in a line at a time is 408 at the head deadline") {
  ServerOptions o;
  o.head_timeout_ms = 200;  // read_timeout_s stays 60: the drip is never silent that long
  LiveServer server(echo, o);
  Wire w(server.port());
  w.send("GET /v1/models HTTP/1.1\r\nHost: gw\r\n");
  // Before: each line restarted the 60 s silence timeout, so the head could take forever.
  CHECK(drip_until_answered(w, "X-Drip: 1\r\n") < kMaxDrips);
  expect_timeout(w, "openai");
}

TEST_CASE("http server: a body trickled a few bytes at a time is 408 at the body deadline, in the caller's dialect") {
  ServerOptions o;
  o.body_timeout_ms = 200;
  LiveServer server(echo, o);
  Wire w(server.port());
  w.send("POST /v1/messages HTTP/1.1\r\nHost: gw\r\nContent-Length: 100000\r\n\r\n");
  CHECK(drip_until_answered(w, "0123456789") < kMaxDrips);
  expect_timeout(w, "anthropic");

  Wire chunked(server.port());
  chunked.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n");
  CHECK(drip_until_answered(chunked, "1\r\nx\r\n") < kMaxDrips);
  expect_timeout(chunked, "openai");
}

TEST_CASE("http server: the deadlines are per request, so a keep-alive connection outlives them") {
  ServerOptions o;
  o.head_timeout_ms = 50;
  o.body_timeout_ms = 50;
  LiveServer server(echo, o);
  Wire w(server.port());
  w.send(post("/one", "first"));
  CHECK(w.read_response().body == "first");
  CHECK_FALSE(w.readable_within(150));  // idle past both deadlines (the keep-alive timeout is 5 s)
  w.send(post("/two", "second"));
  CHECK(w.read_response().body == "second");
}

}  // namespace gw
