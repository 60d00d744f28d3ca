// E2E: gw serve's start-up and shutdown as an operator sees them.
#include <doctest/doctest.h>

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
                    " 'hello via url' > " + dir.file("out.txt") + " 2>&1";
  CHECK(std::system(cmd.c_str()) == 0);
  std::ifstream in(dir.file("out.txt"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text == "hello via url\n");
}
