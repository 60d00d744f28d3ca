// E2E: gw serve's start-up and shutdown as an operator sees them.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <fstream>
#include <future>
#include <thread>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;

TEST_CASE("SIGTERM lets an in-flight request finish, then gw exits 0") {
  Stack stack("", {"--latency-ms", "1500"});
  auto pending = std::async(std::launch::async, [&] {
    auto c = client(stack.serve.port());
    return c.Post("/v1/chat/completions", chat_body("finish me"), "application/json");
  });
  // Wait until the request has reached the mock, then ask gw to stop.
  auto mock = client(stack.mock.port());
  for (int i = 0; i < 200; ++i) {
    auto s = mock.Get("/_mock/stats");
    if (s && json_of(s)["requests"] == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  int code = stack.serve.stop(SIGTERM);
  auto r = pending.get();
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(json_of(r)["choices"][0]["message"]["content"] == "finish me");
  CHECK(code == 0);
  CHECK(stack.serve.output().find("stopped") != std::string::npos);
}

TEST_CASE("a port already in use is a clear start-up error") {
  Stack stack;
  TempDir dir;
  bool threw = false;
  try {
    GwProcess second({"--db", dir.file("x.db"), "serve", "--port", std::to_string(stack.serve.port())});
  } catch (const std::exception& e) {
    threw = true;
    CHECK(std::string(e.what()).find("cannot listen") != std::string::npos);
  }
  CHECK(threw);
}

TEST_CASE("gw chat --url talks to a running server") {
  Stack stack;
  // Run `gw chat` as a user would; it prints the answer and exits 0.
  TempDir dir;
  std::string cmd = std::string(GW_BINARY) + " --db " + dir.file("c.db") + " chat --url " + stack.serve.url() +
                    " 'hello via url' < /dev/null > " + dir.file("out.txt") + " 2>&1";
  CHECK(std::system(cmd.c_str()) == 0);
  std::ifstream in(dir.file("out.txt"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text == "hello via url\n");
}

TEST_CASE("gw health and gw breakers talk to the running server") {
  Stack stack;
  // One failed request so the mock provider has traffic to report.
  client(stack.mock.port()).Post("/_mock/script", R"({"steps":[{"status":503}]})", "application/json");
  client(stack.serve.port()).Post("/v1/chat/completions", chat_body("x"), "application/json");
  auto run = [&](const std::string& args) {
    CliResult r = run_gw_cli(args + " --url " + stack.serve.url());
    return std::make_pair(r.code, r.out);
  };
  auto [rc, text] = run("health");
  CHECK(rc == 0);
  CHECK(text.find("status:  operational") != std::string::npos);
  CHECK(text.find("mock") != std::string::npos);
  auto [brc, breakers] = run("breakers list");
  CHECK(brc == 0);
  CHECK(breakers.find("mock") != std::string::npos);
  CHECK(breakers.find("closed") != std::string::npos);
  auto [rrc, reset] = run("breakers reset mock");
  CHECK(rrc == 0);
  CHECK(reset == "mock: breaker closed\n");
  auto [urc, unknown] = run("breakers reset nosuch");
  CHECK(urc == 66);
  CHECK(unknown.find("unknown provider") != std::string::npos);
  auto [grc, grok] = run("breakers reset grok");
  CHECK(grc == 66);
  CHECK(grok.find("unknown provider 'grok'; did you mean 'groq'?") != std::string::npos);
}

TEST_CASE("management commands say clearly when no server is running") {
  CliResult r = run_gw_cli("breakers list --url http://127.0.0.1:1");
  CHECK(r.code == 69);
  CHECK(r.out.find("no gw server answers") != std::string::npos);
  CHECK(r.out.find("or pass --url") == std::string::npos);  // it was passed
}
