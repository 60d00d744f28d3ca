// E2E: the dashboard of a real `gw serve` with a master key: pages and API
// refused before a login, the login over HTTP with its cookie, CSRF on
// state changes, a foreign page's Origin refused even with the cookie, the
// live stream, `gw ui`, and the numbers after real traffic through gw mock.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "tests/e2e/support/doors.h"
#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;

namespace {

const std::string kMaster = "gw-master-dashboard";

std::string cookie_of(const httplib::Result& r) {
  std::string set = r->get_header_value("Set-Cookie");
  return set.substr(0, set.find(';'));
}

}  // namespace

TEST_CASE("dashboard: a login over HTTP gives an HttpOnly SameSite=Strict cookie; CSRF guards changes") {
  Stack stack("[server]\nmaster_key = \"" + kMaster + "\"\n");
  auto c = client(stack.serve.port());
  auto page = c.Get("/ui");
  REQUIRE(page);
  CHECK(page->status == 302);
  CHECK(page->get_header_value("Location") == "/ui/login");
  CHECK(c.Get("/ui/api/overview")->status == 401);
  auto login = c.Post("/ui/login", R"({"key":")" + kMaster + R"("})", "application/json");
  REQUIRE(login);
  REQUIRE(login->status == 200);
  const std::string set = login->get_header_value("Set-Cookie");
  CHECK(set.find("HttpOnly") != std::string::npos);
  CHECK(set.find("SameSite=Strict") != std::string::npos);
  const std::string csrf = json_of(login)["csrf"];
  const httplib::Headers session = {{"Cookie", cookie_of(login)}};
  auto app = c.Get("/ui", session);
  REQUIRE(app);
  CHECK(app->status == 200);
  CHECK(app->get_header_value("Content-Type").find("text/html") == 0);
  CHECK(app->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos);
  CHECK(app->body.find("/ui/assets/app.js") != std::string::npos);
  CHECK(c.Get("/ui/assets/app.js")->status == 200);  // static files hold no data

  // Traffic through the gateway, then the overview agrees with gw usage.
  for (int i = 0; i < 3; ++i)
    REQUIRE(c.Post("/v1/chat/completions", bearer(kMaster), chat_body("hello", false, "mock/echo-priced"),
                   "application/json")
                ->status == 200);
  auto overview = c.Get("/ui/api/overview?window=1h&by=model", session);
  REQUIRE(overview);
  REQUIRE(overview->status == 200);
  auto usage = c.Get("/admin/usage", bearer(kMaster));
  CHECK(json_of(overview)["totals"]["requests"] == 3);
  CHECK(json_of(overview)["totals"]["cost_usd"] == json_of(usage)["total"]["cost_usd"]);

  // A state change needs the session's CSRF token.
  CHECK(c.Post("/admin/users", session, R"({"name":"eve"})", "application/json")->status == 403);
  httplib::Headers with_token = session;
  with_token.emplace("x-gw-csrf", csrf);
  CHECK(c.Post("/admin/users", with_token, R"({"name":"eve"})", "application/json")->status == 201);
  // Another site's page is refused by its Origin, cookie and token or not.
  httplib::Headers foreign = with_token;
  foreign.emplace("Origin", "http://evil.example.com");
  CHECK(c.Post("/admin/users", foreign, R"({"name":"mallory"})", "application/json")->status == 403);
  // Logging out ends the session.
  CHECK(c.Post("/ui/logout", with_token, "", "application/json")->status == 200);
  CHECK(c.Get("/ui/api/overview", session)->status == 401);
}

TEST_CASE("dashboard: the live view streams a request as it finishes, and gw ui prints the URL") {
  Stack stack;
  auto c = client(stack.serve.port());
  std::string got;  // the viewer thread's until joined
  std::atomic<bool> open{false};
  std::thread viewer([&] {
    auto v = client(stack.serve.port());
    v.set_read_timeout(10, 0);
    v.Get("/ui/api/live", [&](const char* data, size_t n) {
      got.append(data, n);
      open = true;
      return got.find("\"model\":\"mock/echo\"") == std::string::npos;  // stop once a request is seen
    });
  });
  eventually([&] { return open.load(); });  // the stream is open ("retry:")
  REQUIRE(c.Post("/v1/chat/completions", chat_body("live-check"), "application/json")->status == 200);
  viewer.join();
  CHECK(got.find("retry: 2000") != std::string::npos);
  CHECK(got.find("\"model\":\"mock/echo\"") != std::string::npos);
  CliResult ui = run_gw_cli("ui --no-open --url " + stack.serve.url());
  CHECK(ui.code == 0);
  CHECK(ui.out.find(stack.serve.url() + "/ui") != std::string::npos);
  CHECK(ui.out.find("no login needed") != std::string::npos);
}
