// browser_guard_test.cc - the gateway answering the network (guard_network):
// Host, Content-Type and Origin are checked before routing, so a refused
// request reaches no provider; CORS preflights and headers for listed
// origins. In-process, on the harness's fake provider.
#include "proxy/pipeline/browser_guard.h"

#include <doctest/doctest.h>

#include "tests/support/gateway_harness.h"

namespace gw {
namespace {

constexpr int kPort = 8080;

Headers headers_of(std::initializer_list<std::pair<const char*, const char*>> items) {
  Headers h;
  for (const auto& [name, value] : items) h.add(name, value);
  return h;
}

struct GuardedGateway : GatewayHarness {
  explicit GuardedGateway(Config config = {}) : GatewayHarness(std::move(config)) {
    gateway->guard_network("127.0.0.1", kPort);
  }
  Reply post(const std::string& path, Headers h,
             std::string body = R"({"model":"openai/gpt-4o","messages":[{"role":"user","content":"hi"}]})") {
    return request("POST", path, std::move(body), "", std::move(h));
  }
  nlohmann::json error_of(const Reply& r) { return nlohmann::json::parse(r.body)["error"]; }
};

}  // namespace

TEST_CASE("browser guard: a request for a rebound host name is refused before routing, in the caller's dialect") {
  GuardedGateway g;
  Reply r = g.post("/v1/chat/completions", headers_of({{"Host", "evil.example.com:8080"},
                                                       {"Origin", "http://evil.example.com:8080"},
                                                       {"Content-Type", "application/json"}}));
  CHECK(r.status == 403);
  CHECK(g.error_of(r)["code"] == "host_not_allowed");
  CHECK(g.error_of(r)["message"].get<std::string>().find("[server] allowed_hosts") != std::string::npos);
  Reply anthropic = g.post("/v1/messages", headers_of({{"Host", "evil.example.com:8080"}}));
  CHECK(anthropic.status == 403);
  CHECK(nlohmann::json::parse(anthropic.body)["error"]["type"] == "permission_error");
  CHECK(g.get("/health").status == 200);  // in-process: no Host, not guarded by it
  CHECK(g.net.requests().empty());
}

TEST_CASE("browser guard: a JSON route refuses text/plain, form and missing content types with 415") {
  GuardedGateway g;
  for (const char* type : {"text/plain;charset=UTF-8", "application/x-www-form-urlencoded", ""}) {
    CAPTURE(type);
    Headers h = headers_of({{"Host", "127.0.0.1:8080"}});
    if (*type) h.add("Content-Type", type);
    Reply r = g.post("/v1/chat/completions", h);
    CHECK(r.status == 415);
    CHECK(g.error_of(r)["code"] == "unsupported_content_type");
    CHECK(g.error_of(r)["message"].get<std::string>().find("application/json") != std::string::npos);
  }
  Reply admin = g.post("/admin/users", headers_of({{"Host", "127.0.0.1:8080"}, {"Content-Type", "text/plain"}}),
                       R"({"name":"eve"})");
  CHECK(admin.status == 415);
  Reply upload = g.post("/v1/audio/transcriptions",
                        headers_of({{"Host", "127.0.0.1:8080"}, {"Content-Type", "application/json"}}));
  CHECK(upload.status == 415);
  CHECK(g.error_of(upload)["message"].get<std::string>().find("multipart/form-data") != std::string::npos);
  CHECK(g.net.requests().empty());
  g.net.respond(200, kChatAnswer);
  CHECK(g.post("/v1/chat/completions",
               headers_of({{"Host", "127.0.0.1:8080"}, {"Content-Type", "application/json; charset=utf-8"}}))
            .status == 200);
}

TEST_CASE("browser guard: another site's page is refused (403); same-origin pages are served") {
  GuardedGateway g;
  Reply r = g.post("/v1/chat/completions", headers_of({{"Host", "127.0.0.1:8080"},
                                                       {"Origin", "https://evil.example.net"},
                                                       {"Content-Type", "application/json"}}));
  CHECK(r.status == 403);
  CHECK(g.error_of(r)["code"] == "origin_not_allowed");
  CHECK(g.error_of(r)["message"].get<std::string>().find("[server] cors_origins") != std::string::npos);
  CHECK(g.net.requests().empty());
  g.net.respond(200, kChatAnswer);
  Reply same = g.post("/v1/chat/completions", headers_of({{"Host", "127.0.0.1:8080"},
                                                          {"Origin", "http://127.0.0.1:8080"},
                                                          {"Content-Type", "application/json"}}));
  CHECK(same.status == 200);
  CHECK_FALSE(same.headers.has("access-control-allow-origin"));
}

TEST_CASE("browser guard: a listed origin gets preflight answers and CORS headers on its answers") {
  GuardedGateway g(config_with([](Config& c) { c.server.cors_origins = {"http://localhost:5173"}; }));
  Reply pre = g.request("OPTIONS", "/v1/chat/completions", "", "",
                        headers_of({{"Host", "127.0.0.1:8080"},
                                    {"Origin", "http://localhost:5173"},
                                    {"Access-Control-Request-Method", "POST"},
                                    {"Access-Control-Request-Headers", "authorization, content-type"}}));
  CHECK(pre.status == 204);
  CHECK(pre.headers.get("access-control-allow-origin") == "http://localhost:5173");
  CHECK(pre.headers.get("access-control-allow-headers").find("authorization") != std::string_view::npos);
  g.net.respond(200, kChatAnswer);
  Reply r = g.post("/v1/chat/completions", headers_of({{"Host", "127.0.0.1:8080"},
                                                       {"Origin", "http://localhost:5173"},
                                                       {"Content-Type", "application/json"}}));
  CHECK(r.status == 200);
  CHECK(r.headers.get("access-control-allow-origin") == "http://localhost:5173");
  CHECK(r.headers.get("vary") == "Origin");
  Reply refused = g.request("OPTIONS", "/v1/chat/completions", "", "",
                            headers_of({{"Host", "127.0.0.1:8080"},
                                        {"Origin", "http://localhost:5174"},
                                        {"Access-Control-Request-Method", "POST"}}));
  CHECK(refused.status == 403);
  CHECK_FALSE(refused.headers.has("access-control-allow-origin"));
}

TEST_CASE("browser guard: a foreign Origin with a gw key is left to the key's own domain restriction") {
  GuardedGateway g;
  Reply r = g.post("/v1/chat/completions", headers_of({{"Host", "127.0.0.1:8080"},
                                                       {"Origin", "https://app.example.com"},
                                                       {"Authorization", "Bearer gw_live_unknown"},
                                                       {"Content-Type", "application/json"}}));
  CHECK(r.status == 401);  // authenticate ran: the key decides, not the origin list
  Reply sdk_key = g.post("/v1/chat/completions", headers_of({{"Host", "127.0.0.1:8080"},
                                                             {"Origin", "https://app.example.com"},
                                                             {"Authorization", "Bearer sk-anything"},
                                                             {"Content-Type", "application/json"}}));
  CHECK(sdk_key.status == 403);  // not a gw key: a loopback owner's ambient rights are not lent to a page
}

}  // namespace gw
