// E2E: keys created or revoked with the CLI straight on the database (no
// server answers at the address the CLI is configured with) take effect on a
// running `gw serve` on that database within about a second - no restart.
#include <doctest/doctest.h>
#include <poll.h>

#include "tests/e2e/support/doors.h"
#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;

namespace {

// The server's verdict on a key: HTTP status and error code ("" on success).
struct Verdict {
  int status = -1;
  std::string code;
};

Verdict chat_with(httplib::Client& http, const std::string& key) {
  auto r = http.Post("/v1/chat/completions", bearer(key), chat_body("hi"), "application/json");
  if (!r) return {};
  auto j = json_of(r);
  return {r->status, r->status == 200 ? "" : j["error"].value("code", "")};
}

// Asks every 100 ms, for up to `timeout_ms`, until `done` holds; the
// milliseconds it took, or -1.
int64_t ms_until(const std::function<bool()>& done, int timeout_ms) {
  const int64_t start = steady_ms();
  while (!done()) {
    if (steady_ms() - start >= timeout_ms) return -1;
    poll(nullptr, 0, 100);
  }
  return steady_ms() - start;
}

}  // namespace

// The server looks at the database at most once a second; that timing is
// unit-tested on a fake clock (tests/proxy/accounts_refresh_test.cc). Here
// only the effect is checked, with a bound far past it (15 s), so a busy
// machine cannot fail the test.
TEST_CASE("a key created, then revoked, with the CLI on the database takes effect on a running server") {
  Stack stack;
  httplib::Client http = client(stack.serve.port());
  // One connection, so one server thread and one upstream connection: the
  // mock's 8 threads each serve a kept-alive connection until it idles out.
  http.set_keep_alive(true);
  REQUIRE(!create_user_key(http, "ada").empty());
  // Nothing listens on port 1, so the CLI works on the server's database itself.
  stack.dir.write("cli.toml", "[server]\nport = 1\n");
  const std::string cli = "--config " + stack.dir.file("cli.toml") + " --db " + stack.dir.file("gw.db") + " ";

  CliResult created = run_gw_cli(cli + "keys create ada --json");
  REQUIRE_MESSAGE(created.code == 0, created.out);
  auto j = nlohmann::json::parse(created.out, nullptr, false);
  REQUIRE(j.is_object());
  const std::string key = j["secret"].get<std::string>(), id = j["id"].get<std::string>();
  int64_t took = ms_until([&] { return chat_with(http, key).status == 200; }, 15000);
  CHECK_MESSAGE(took >= 0, "the new key was still refused after 15 s: " << chat_with(http, key).code);

  CliResult revoked = run_gw_cli(cli + "keys revoke " + id);
  REQUIRE_MESSAGE(revoked.code == 0, revoked.out);
  took = ms_until(
      [&] {
        Verdict v = chat_with(http, key);
        return v.status == 401 && v.code == "revoked_api_key";
      },
      15000);
  CHECK_MESSAGE(took >= 0, "the revoked key still answered " << chat_with(http, key).status << " after 15 s");
}
