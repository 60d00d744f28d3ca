// E2E: a hostile upstream - a raw-socket fake provider
// (tests/support/raw_http_server.h) that writes what it likes - never makes
// gw answer or bill one user's request with bytes another exchange left on a
// kept connection: an unrequested response planted on an idle connection,
// Content-Lengths that disagree (502), a body cut short.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"
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
// the mock provider pointed at `upstream` and limits off.
struct GatewayOn {
  explicit GatewayOn(const RawHttpServer& upstream)
      : serve([&] {
          dir.write("config.toml",
                    "[limits]\nenabled = false\n[providers.mock]\nbase_url = \"" + upstream.url("/v1") + "\"\n");
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

httplib::Result ask(httplib::Client& c, const std::string& key, const std::string& text) {
  json body = {
      {"model", "mock/echo-priced"}, {"max_tokens", 64}, {"messages", {{{"role", "user"}, {"content", text}}}}};
  return c.Post("/v1/chat/completions", {{"Authorization", "Bearer " + key}}, body.dump(), "application/json");
}

// Exact decimal USD string -> 1e-10 units (the test's own parser).
int64_t units(const std::string& usd) {
  bool neg = !usd.empty() && usd[0] == '-';
  std::string s = neg ? usd.substr(1) : usd;
  size_t dot = s.find('.');
  std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  frac.resize(10, '0');
  int64_t v = std::stoll(whole) * 10'000'000'000LL + std::stoll(frac);
  return neg ? -v : v;
}

// The amounts of a user's charges in 1e-10 USD units, newest first.
std::vector<int64_t> charges(httplib::Client& c, const std::string& name) {
  auto r = c.Get("/admin/credits/" + name + "/history");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  std::vector<int64_t> out;
  json history = json_of(r);
  for (const auto& e : history["data"])
    if (e["kind"] == "charge") out.push_back(units(e["amount_usd"]));
  return out;
}

std::string content_of(const httplib::Result& r) {
  return json_of(r)["choices"][0]["message"]["content"].get<std::string>();
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
  RawHttpServer upstream([](RawPeer& peer, int index) {
    if (!peer.read_request()) return;
    if (index == 0) {
      peer.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"id\":");
      return;  // closes the connection mid-body
    }
    peer.write(completion("for bob", 4, 5));
    while (peer.read_request()) peer.write(completion("more", 1, 1));
  });
  GatewayOn gw(upstream);
  auto c = client(gw.serve.port());
  std::string ann = new_key(c, "ann"), bob = new_key(c, "bob");

  auto first = ask(c, ann, "hello");
  REQUIRE(first);
  CHECK(first->status == 502);
  CHECK(charges(c, "ann").empty());

  auto second = ask(c, bob, "hello");
  REQUIRE(second);
  CHECK(second->status == 200);
  CHECK(content_of(second) == "for bob");
  CHECK(eventually([&] { return charges(c, "bob").size() == 1; }));
  CHECK(charges(c, "bob") == std::vector<int64_t>{-140000});
}
