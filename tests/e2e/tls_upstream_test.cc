// E2E: providers reached over HTTPS (gw's own client over OpenSSL, and
// libcurl with [upstream] http2), through a TLS terminator in front of gw mock
// with a throwaway CA: answers and streams come through, connections are kept
// and reused, an untrusted certificate is a clear error, a bad ca_file stops
// gw at start, and load does not add threads. (Every second Stack of the
// whole suite also reaches its mock over TLS: gw_process.h.)
#include <doctest/doctest.h>

#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;

namespace {

// gw mock, a TlsPipe in front of it, and gw serve whose mock provider is the
// pipe; `upstream` is the [upstream] table's body (trust, http2).
struct TlsStack {
  explicit TlsStack(const std::string& upstream, std::vector<std::string> mock_args = {},
                    std::vector<std::string> serve_args = {})
      : mock([&] {
          std::vector<std::string> args = {"mock", "--port", "0"};
          args.insert(args.end(), mock_args.begin(), mock_args.end());
          return args;
        }()),
        pipe(mock.port()),
        serve([&] {
          dir.write("config.toml", "[providers.mock]\nbase_url = \"" + pipe.url() + "/v1\"\n[upstream]\n" + upstream);
          std::vector<std::string> args = {
              "--config", dir.file("config.toml"), "--db", dir.file("gw.db"), "serve", "--port", "0"};
          args.insert(args.end(), serve_args.begin(), serve_args.end());
          return args;
        }()) {}
  TempDir dir;
  GwProcess mock;
  gw::TlsPipe pipe;
  GwProcess serve;
};

std::string trusted() { return "ca_file = \"" + gw::TlsPipe::ca_file() + "\"\n"; }

int threads_of(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  return -1;
}

}  // namespace

TEST_CASE("https provider: answers and streams arrive, and one kept connection carries them all") {
  for (const char* http2 : {"false", "true"}) {
    CAPTURE(http2);
    TlsStack stack(trusted() + "http2 = " + http2 + "\n", {}, {"--threads", "1"});  // one loop: one pool
    auto c = client(stack.serve.port());
    for (int i = 0; i < 5; ++i) {
      auto whole = c.Post("/v1/chat/completions", chat_body("over tls"), "application/json");
      REQUIRE(whole);
      CHECK(whole->status == 200);
      CHECK(json_of(whole)["choices"][0]["message"]["content"] == "over tls");
      auto streamed = c.Post("/v1/chat/completions", chat_body("streamed over tls", true), "application/json");
      REQUIRE(streamed);
      CHECK(streamed->status == 200);
      auto lines = data_lines(streamed->body);
      REQUIRE(lines.size() >= 3);
      CHECK(lines.back() == "[DONE]");
    }
    CHECK(stack.pipe.accepted() == 1);  // ten requests, one TLS connection (one handshake)
  }
}

TEST_CASE("https provider: an untrusted certificate is a clear 502 naming the provider, and nothing is charged") {
  TlsStack stack("");  // the system's CAs: the throwaway CA is not among them
  auto r = client(stack.serve.port()).Post("/v1/chat/completions", chat_body("hi"), "application/json");
  REQUIRE(r);
  CHECK(r->status >= 500);
  std::string message = json_of(r)["error"]["message"].get<std::string>();
  CAPTURE(message);
  CHECK(message.find("certificate") != std::string::npos);
  CHECK(message.find("127.0.0.1:" + std::to_string(stack.pipe.port())) != std::string::npos);
}

TEST_CASE("https provider: a ca_file that cannot be read stops gw serve at start, naming it") {
  TempDir dir;
  dir.write("config.toml", "[upstream]\nca_file = \"" + dir.file("missing.pem") + "\"\n");
  auto got = run_gw_cli("--config " + dir.file("config.toml") + " --db " + dir.file("gw.db") + " serve --port 0");
  CHECK(got.code != 0);
  CHECK(got.out.find("missing.pem") != std::string::npos);
}

TEST_CASE("https provider: 32 streams at once add no threads to gw serve, which runs its loops and four more") {
  // Before gw drove curl from its loops, each https transfer in flight held
  // a thread of its own. The mock waits 50 ms before each chunk, so all 32
  // streams are in flight together.
  for (const char* http2 : {"false", "true"}) {
    CAPTURE(http2);
    TlsStack stack(trusted() + "http2 = " + http2 + "\n", {"--chunk-delay-ms", "50"}, {"--threads", "2"});
    // One request first: some of gw's background threads start with the first
    // request or just after the server is up.
    auto first = client(stack.serve.port()).Post("/v1/chat/completions", chat_body("warm"), "application/json");
    REQUIRE(first);
    REQUIRE(first->status == 200);
    const int idle = threads_of(stack.serve.pid());
    REQUIRE(idle > 0);
    std::vector<std::future<int>> streams;
    for (int i = 0; i < 32; ++i)
      streams.push_back(std::async(std::launch::async, [&] {
        auto r =
            client(stack.serve.port()).Post("/v1/chat/completions", chat_body("a b c d e f", true), "application/json");
        return r ? r->status : -1;
      }));
    int most = idle;
    for (int i = 0; i < 20; ++i) {
      most = std::max(most, threads_of(stack.serve.pid()));
      std::this_thread::sleep_for(std::chrono::milliseconds(15));
    }
    for (auto& s : streams) CHECK(s.get() == 200);
    CHECK(most <= idle);
    // Two loops and at most four more: main, the usage writer, the access
    // log, the housekeeper (docs/ARCHITECTURE.md, "Threads and event loops").
    CHECK(most <= 2 + 4);
  }
}
