// E2E: a hostile upstream - a raw-socket fake provider
// (tests/support/raw_http_server.h) that writes what it likes - never makes
// gw answer or bill one user's request with bytes another exchange left on a
// kept connection, and each of its tricks is the right error for its own
// caller with nothing charged: an unrequested response planted on an idle
// connection, Content-Lengths that disagree (502), bad chunking (502), a
// head over 64 KiB (502), a body over 64 MiB (502), a head dripped a byte at
// a time (504 after read_timeout_ms), a close before any answer (503), a
// body cut short (502), a stream cut mid-way (an error event).
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"
#include "tests/e2e/support/ledger.h"
#include "tests/support/loopback_server.h"
#include "tests/support/raw_http_server.h"

using namespace gw::e2e;
using gw::Gate;
using gw::raw_response;
using gw::RawHttpServer;
using gw::RawPeer;
using nlohmann::json;

namespace {

// An OpenAI chat completion saying `text`, with the usage the provider reports.
std::string completion(const std::string& text, int prompt_tokens, int completion_tokens) {
  json body = {
      {"id", "chatcmpl-raw"},
      {"object", "chat.completion"},
      {"created", 1},
      {"model", "echo-priced"},
      {"choices", {{{"index", 0}, {"message", {{"role", "assistant"}, {"content", text}}}, {"finish_reason", "stop"}}}},
      {"usage",
       {{"prompt_tokens", prompt_tokens},
        {"completion_tokens", completion_tokens},
        {"total_tokens", prompt_tokens + completion_tokens}}}};
  return raw_response("200 OK", "Content-Type: application/json\r\n", body.dump());
}

// `gw serve` with one fiber loop (so every upstream call shares one pool),
// the mock provider pointed at `upstream`, limits off and `extra` config.
struct GatewayOn {
  explicit GatewayOn(const RawHttpServer& upstream, const std::string& extra = "")
      : serve([&] {
          dir.write("config.toml", "[limits]\nenabled = false\n[providers.mock]\nbase_url = \"" + upstream.url("/v1") +
                                       "\"\n" + extra);
          return std::vector<std::string>{
              "--config", dir.file("config.toml"), "--db", dir.file("gw.db"), "serve", "--port", "0", "--threads", "1"};
        }()) {}
  TempDir dir;
  GwProcess serve;
};

// A new user's key (balance $5.00).
std::string new_key(httplib::Client& c, const std::string& name) {
  auto r = c.Post("/admin/users", json{{"name", name}}.dump(), "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 201);
  return json_of(r)["key"]["secret"];
}

std::string content_of(const httplib::Result& r) {
  return json_of(r)["choices"][0]["message"]["content"].get<std::string>();
}

json ask_body(const std::string& text, bool stream = false) {
  json body = {
      {"model", "mock/echo-priced"}, {"max_tokens", 64}, {"messages", {{{"role", "user"}, {"content", text}}}}};
  if (stream) body["stream"] = true;
  return body;
}

httplib::Result ask(httplib::Client& c, const std::string& key, const std::string& text) {
  return c.Post("/v1/chat/completions", {{"Authorization", "Bearer " + key}}, ask_body(text).dump(),
                "application/json");
}

// Answers the request just read, and every later one on the connection,
// with one good answer: "for bob".
void answer_bob(RawPeer& peer) {
  do peer.write(completion("for bob", 4, 5));
  while (peer.read_request());
}

// Bob's request after the hostile exchange: answered by the next connection
// and billed for its own usage only.
void check_next_user_unaffected(httplib::Client& c, const std::string& bob) {
  auto second = ask(c, bob, "hello");
  REQUIRE(second);
  INFO(second->body);
  CHECK(second->status == 200);
  CHECK(content_of(second) == "for bob");
  CHECK(eventually([&] { return charges(c, "bob").size() == 1; }));
  CHECK(charges(c, "bob") == std::vector<int64_t>{-140000});  // 4 * $1/M + 5 * $2/M
}

// The caller's error message, from an OpenAI-dialect error body.
std::string error_message(const httplib::Result& r) { return json_of(r)["error"]["message"].get<std::string>(); }

// An upstream whose first connection plays `trick` once its request is
// read; every later connection answers "for bob".
RawHttpServer first_connection_plays(std::function<void(RawPeer&)> trick) {
  return RawHttpServer([trick = std::move(trick)](RawPeer& peer, int index) {
    if (!peer.read_request()) return;
    if (index == 0) return trick(peer);
    answer_bob(peer);
  });
}

// What Ann got from gw in front of a hostile upstream.
struct AnnsError {
  int status = 0;
  std::string message;
  int connections = 0;  // upstream connections opened for her request
};

// Ann asks through gw (`extra` config) in front of `upstream`, whose first
// connection is hostile: whatever her error, nothing is charged; then Bob's
// request, on a new connection, is answered and billed as if nothing had
// happened.
AnnsError ann_then_bob(const RawHttpServer& upstream, const std::string& extra = "") {
  GatewayOn gw(upstream, extra);
  auto c = client(gw.serve.port());
  std::string ann = new_key(c, "ann"), bob = new_key(c, "bob");
  auto first = ask(c, ann, "hello");
  REQUIRE(first);
  AnnsError out{first->status, "", upstream.connections()};
  if (first->status != 200) out.message = error_message(first);
  CHECK(charges(c, "ann").empty());
  check_next_user_unaffected(c, bob);
  return out;
}

}  // namespace

TEST_CASE("an unrequested response planted on a kept upstream connection never reaches the next user or their bill") {
  Gate first_answered, planted;
  RawHttpServer upstream([&](RawPeer& peer, int index) {
    if (!peer.read_request()) return;
    if (index == 0) {
      peer.write(completion("for ann", 3, 2));
      first_answered.wait();  // gw has read the answer and kept the connection
      peer.write(completion("planted", 1000000, 1000000));
      planted.open();
    } else {
      peer.write(completion("for bob", 4, 5));
    }
    while (peer.read_request()) peer.write(completion("more", 1, 1));
  });
  GatewayOn gw(upstream);
  auto c = client(gw.serve.port());
  std::string ann = new_key(c, "ann"), bob = new_key(c, "bob");

  auto first = ask(c, ann, "hello");
  first_answered.open();
  REQUIRE(first);
  CHECK(first->status == 200);
  CHECK(content_of(first) == "for ann");
  planted.wait();

  auto second = ask(c, bob, "hello");
  REQUIRE(second);
  CHECK(second->status == 200);
  CHECK(content_of(second) == "for bob");
  CHECK(json_of(second)["usage"]["completion_tokens"] == 5);
  // mock/echo-priced: $1.00 per 1M prompt tokens, $2.00 per 1M completion tokens.
  CHECK(eventually([&] { return charges(c, "bob").size() == 1 && charges(c, "ann").size() == 1; }));
  CHECK(charges(c, "bob") == std::vector<int64_t>{-140000});  // 4 * $1/M + 5 * $2/M
  CHECK(charges(c, "ann") == std::vector<int64_t>{-70000});   // 3 * $1/M + 2 * $2/M
  CHECK(upstream.connections() == 2);
}

TEST_CASE("an upstream answer with two Content-Lengths is a 502, and its connection carries nothing more") {
  RawHttpServer upstream([](RawPeer& peer, int index) {
    if (!peer.read_request()) return;
    if (index == 0) {
      std::string rest = raw_response("200 OK", "", "planted");
      peer.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: " +
                 std::to_string(2 + rest.size()) + "\r\n\r\n{}" + rest);
    } else {
      peer.write(completion("for bob", 4, 5));
    }
    while (peer.read_request()) peer.write(completion("more", 1, 1));
  });
  GatewayOn gw(upstream);
  auto c = client(gw.serve.port());
  std::string ann = new_key(c, "ann"), bob = new_key(c, "bob");

  auto first = ask(c, ann, "hello");
  REQUIRE(first);
  CHECK(first->status == 502);
  CHECK(json_of(first)["error"]["message"].get<std::string>().find("conflicting Content-Length") != std::string::npos);
  CHECK(charges(c, "ann").empty());  // the hold was refunded

  auto second = ask(c, bob, "hello");
  REQUIRE(second);
  CHECK(second->status == 200);
  CHECK(content_of(second) == "for bob");
  CHECK(eventually([&] { return charges(c, "bob").size() == 1; }));
  CHECK(charges(c, "bob") == std::vector<int64_t>{-140000});
  CHECK(upstream.connections() == 2);
}

TEST_CASE("an upstream body cut short is a 502 for its caller and leaves the next request unaffected") {
  auto upstream = first_connection_plays([](RawPeer& peer) {
    peer.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"id\":");
  });  // closes the connection mid-body
  CHECK(ann_then_bob(upstream).status == 502);
}

TEST_CASE("bad chunking from an upstream is a 502 with nothing charged; the next request is unaffected") {
  auto upstream = first_connection_plays([](RawPeer& peer) {
    peer.write(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        "zz\r\n{}\r\n0\r\n\r\n");
  });
  CHECK(ann_then_bob(upstream).status == 502);
}

TEST_CASE("an upstream head over 64 KiB is a 502 with nothing charged; the next request is unaffected") {
  auto upstream = first_connection_plays([](RawPeer& peer) {
    std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
    for (int i = 0; head.size() < 70 * 1024; ++i)
      head += "X-Filler-" + std::to_string(i) + ": " + std::string(100, 'f') + "\r\n";
    peer.write(head);     // never ends the head
    peer.read_request();  // until gw gives up and closes
  });
  auto ann = ann_then_bob(upstream);
  CHECK(ann.status == 502);
  CHECK(ann.message.find("response head too large") != std::string::npos);
}

TEST_CASE("an upstream body over 64 MiB is a 502 with nothing charged; the next request is unaffected") {
  auto upstream = first_connection_plays([](RawPeer& peer) {
    const size_t size = (64u << 20) + 1024;
    peer.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(size) +
               "\r\n\r\n{\"id\":\"");
    const std::string block(1 << 20, 'a');
    for (size_t sent = 0; sent < size && peer.write(block); sent += block.size()) {
    }
  });
  CHECK(ann_then_bob(upstream).status == 502);
}

TEST_CASE("an upstream that drips its head a byte at a time is a 504 once read_timeout_ms has passed") {
  // Each byte comes well within read_timeout_ms (600 ms) of the last; the
  // whole answer would take ~6 s. A per-read timeout never fires; the
  // head's own deadline does.
  auto upstream = first_connection_plays([](RawPeer& peer) {
    for (char byte : completion("dripped", 3, 2)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
      if (!peer.write(std::string(1, byte))) return;
    }
  });
  auto ann = ann_then_bob(upstream, "[upstream]\nread_timeout_ms = 600\n");
  CHECK(ann.status == 504);
  CHECK(ann.message.find("did not answer within 600 ms") != std::string::npos);
}

TEST_CASE("an upstream that closes a fresh connection without answering is a 503 with nothing charged") {
  // As for a provider that cannot be reached. (Only a kept connection found
  // closed is retried, once, on a fresh one.)
  auto upstream = first_connection_plays([](RawPeer&) {});  // closes without a byte
  auto ann = ann_then_bob(upstream);
  CHECK(ann.status == 503);
  CHECK(ann.message.find("connection closed by the provider") != std::string::npos);
  CHECK(ann.connections == 1);
}

TEST_CASE(
    "a stream the upstream cuts mid-way ends in an error event, is not charged, and the next request is unaffected") {
  RawHttpServer upstream([&](RawPeer& peer, int index) {
    if (!peer.read_request()) return;
    if (index == 0) {
      json delta = {{"id", "c1"},
                    {"object", "chat.completion.chunk"},
                    {"created", 1},
                    {"model", "echo-priced"},
                    {"choices", {{{"index", 0}, {"delta", {{"content", "half"}}}, {"finish_reason", nullptr}}}}};
      peer.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" +
                 gw::raw_sse_chunk(delta.dump()) + gw::raw_sse_chunk(delta.dump()));
      return;  // cut: no last chunk, no [DONE]
    }
    answer_bob(peer);
  });
  GatewayOn gw(upstream);
  auto c = client(gw.serve.port());
  std::string ann = new_key(c, "ann"), bob = new_key(c, "bob");

  httplib::Request req;
  req.method = "POST";
  req.path = "/v1/chat/completions";
  req.body = ask_body("hello", true).dump();
  req.set_header("Content-Type", "application/json");
  req.set_header("Authorization", "Bearer " + ann);
  std::string body;
  req.content_receiver = [&](const char* data, size_t len, uint64_t, uint64_t) {
    body.append(data, len);
    return true;
  };
  c.send(req);
  auto lines = data_lines(body);
  REQUIRE(lines.size() == 3);  // the two chunks, then gw's error event
  CHECK(json::parse(lines[0])["choices"][0]["delta"]["content"] == "half");
  CHECK(json::parse(lines[2])["error"]["message"].get<std::string>().find("ended unexpectedly") != std::string::npos);
  CHECK(body.find("[DONE]") == std::string::npos);
  CHECK(charges(c, "ann").empty());  // a cut stream is refunded (README: what a request pays)
  auto c2 = client(gw.serve.port());
  check_next_user_unaffected(c2, bob);
}
