// E2E: web pages the owner visits cannot drive a real `gw serve`: a page on a
// rebound host name (DNS rebinding) is refused and creates no user; a
// cross-site text/plain POST is refused and reaches no provider; another
// site's Origin is refused (both audited as security events); a listed origin gets CORS preflight answers and
// CORS headers, streams included; a head with two Host lines is a 400.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;

namespace {

std::string host_of(const Stack& s) { return "127.0.0.1:" + std::to_string(s.serve.port()); }

int mock_requests(const Stack& s) { return json_of(client(s.mock.port()).Get("/_mock/stats"))["requests"].get<int>(); }

bool has_user(httplib::Client& c, const std::string& name) {
  const nlohmann::json users = json_of(c.Get("/admin/users"));  // held: a temporary dies before the loop
  for (const auto& u : users["data"])
    if (u["name"] == name) return true;
  return false;
}

// Sends raw bytes and returns what the server answered before closing.
std::string raw_exchange(int port, const std::string& bytes) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string got;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size())) {
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) got.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return got;
}

}  // namespace

TEST_CASE("a page on a rebound host name is refused: it reads no answer and creates no user") {
  Stack stack;
  int before = mock_requests(stack);
  auto c = client(stack.serve.port());
  std::string evil = "evil.example.com:" + std::to_string(stack.serve.port());
  httplib::Headers rebound = {{"Host", evil}, {"Origin", "http://" + evil}};
  auto created = c.Post("/admin/users", rebound, R"({"name":"eve"})", "application/json");
  REQUIRE(created);
  CHECK(created->status == 403);
  CHECK(json_of(created)["error"]["code"] == "host_not_allowed");
  CHECK(json_of(created)["error"]["message"].get<std::string>().find("allowed_hosts") != std::string::npos);
  auto audit = c.Get("/admin/audit?limit=1");  // the owner's own request, on the real host
  REQUIRE(audit);
  REQUIRE(audit->status == 200);
  CHECK(json_of(audit)["data"][0]["reason"] == "host_not_allowed");  // audited, as a security event
  auto listed = c.Get("/admin/users", rebound);
  REQUIRE(listed);
  CHECK(listed->status == 403);
  auto chat = c.Post("/v1/chat/completions", {{"Host", evil}}, chat_body("spend"), "application/json");
  REQUIRE(chat);
  CHECK(chat->status == 403);
  CHECK_FALSE(has_user(c, "eve"));
  CHECK(mock_requests(stack) == before);
}

TEST_CASE("allowed_hosts lets a named host through") {
  Stack stack("[server]\nallowed_hosts = [\"gw.test\"]\n");
  auto c = client(stack.serve.port());
  auto r = c.Get("/v1/models", {{"Host", "gw.test"}});
  REQUIRE(r);
  CHECK(r->status == 200);
}

TEST_CASE("a cross-site text/plain POST is refused with 415 and reaches no provider") {
  Stack stack;
  int before = mock_requests(stack);
  auto c = client(stack.serve.port());
  httplib::Headers page = {{"Origin", "http://evil.example.com"}};
  auto chat = c.Post("/v1/chat/completions", page, chat_body("spend my credits"), "text/plain;charset=UTF-8");
  REQUIRE(chat);
  CHECK(chat->status == 415);
  CHECK(json_of(chat)["error"]["code"] == "unsupported_content_type");
  auto messages = c.Post("/v1/messages", page, R"({"model":"mock/echo","max_tokens":5,"messages":[]})", "text/plain");
  REQUIRE(messages);
  CHECK(messages->status == 415);
  CHECK(json_of(messages)["type"] == "error");  // Anthropic's dialect
  auto user = c.Post("/admin/users", page, R"({"name":"eve"})", "application/x-www-form-urlencoded");
  REQUIRE(user);
  CHECK(user->status == 415);
  CHECK_FALSE(has_user(c, "eve"));
  CHECK(mock_requests(stack) == before);
}

TEST_CASE("another site's page is refused with 403 even with a JSON body") {
  Stack stack;
  int before = mock_requests(stack);
  auto c = client(stack.serve.port());
  auto r =
      c.Post("/v1/chat/completions", {{"Origin", "https://evil.example.net"}}, chat_body("hi"), "application/json");
  REQUIRE(r);
  CHECK(r->status == 403);
  CHECK(json_of(r)["error"]["code"] == "origin_not_allowed");
  CHECK(mock_requests(stack) == before);
  auto audit = json_of(c.Get("/admin/audit?limit=1"))["data"][0];
  CHECK(audit["reason"] == "origin_not_allowed");
  CHECK(audit["detail"].get<std::string>().find("evil.example.net") != std::string::npos);
  auto same =
      c.Post("/v1/chat/completions", {{"Origin", "http://" + host_of(stack)}}, chat_body("hi"), "application/json");
  REQUIRE(same);
  CHECK(same->status == 200);
}

TEST_CASE("a listed origin gets a preflight answer and CORS headers on answers and streams") {
  Stack stack("[server]\ncors_origins = [\"http://localhost:5173\"]\n");
  auto c = client(stack.serve.port());
  httplib::Headers pre = {{"Origin", "http://localhost:5173"},
                          {"Access-Control-Request-Method", "POST"},
                          {"Access-Control-Request-Headers", "authorization, content-type, x-stainless-os"}};
  auto options = c.Options("/v1/chat/completions", pre);
  REQUIRE(options);
  CHECK(options->status == 204);
  CHECK(options->get_header_value("Access-Control-Allow-Origin") == "http://localhost:5173");
  CHECK(options->get_header_value("Access-Control-Allow-Headers").find("x-stainless-os") != std::string::npos);
  CHECK(options->get_header_value("Access-Control-Max-Age") == "600");
  httplib::Headers page = {{"Origin", "http://localhost:5173"}};
  auto r = c.Post("/v1/chat/completions", page, chat_body("hi"), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Access-Control-Allow-Origin") == "http://localhost:5173");
  CHECK(r->get_header_value("Access-Control-Expose-Headers").find("x-request-id") != std::string::npos);
  auto stream = c.Post("/v1/chat/completions", page, chat_body("hi", true), "application/json");
  REQUIRE(stream);
  CHECK(stream->status == 200);
  CHECK(stream->body.find("[DONE]") != std::string::npos);
  CHECK(stream->get_header_value("Access-Control-Allow-Origin") == "http://localhost:5173");
  auto other = c.Options("/v1/chat/completions",
                         {{"Origin", "http://localhost:5174"}, {"Access-Control-Request-Method", "POST"}});
  REQUIRE(other);
  CHECK(other->status == 403);
  CHECK(other->get_header_value("Access-Control-Allow-Origin").empty());
}

TEST_CASE("a request head with two Host lines is a 400") {
  Stack stack;
  std::string answer = raw_exchange(stack.serve.port(), "GET /v1/models HTTP/1.1\r\nHost: " + host_of(stack) +
                                                            "\r\nHost: evil.example.com\r\nConnection: close\r\n\r\n");
  CHECK(answer.rfind("HTTP/1.1 400", 0) == 0);
  CHECK(answer.find("more than one Host header") != std::string::npos);
}
