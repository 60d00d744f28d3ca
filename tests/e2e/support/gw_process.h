// gw_process.h - starts build/gw subcommands for end-to-end tests: `gw mock`
// and `gw serve` on port 0 (a free port), reading the bound port from the
// "listening on" line. Processes are killed when the handle goes away, so a
// failing test never leaves servers behind. Loopback only.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/tls_pipe.h"

namespace gw::e2e {

// Milliseconds on the steady clock, for test deadlines.
int64_t steady_ms();

class GwProcess {
 public:
  // Runs `gw args...` and waits (up to 10 s) for "listening on http://H:P".
  explicit GwProcess(std::vector<std::string> args);
  ~GwProcess();
  GwProcess(const GwProcess&) = delete;
  GwProcess& operator=(const GwProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Sends `sig` and waits (up to timeout_ms) for exit; returns the exit
  // status (exit code, or 128+signal), or -1 on timeout.
  int stop(int sig, int timeout_ms = 10000);
  // Everything the process printed to stdout and stderr so far.
  std::string output();

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int port_ = 0;
  std::string output_;
};

// A fresh temporary directory, removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  void write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

// The mock and a gateway pointed at it, with a private config and database.
// In `extra_config`, ${MOCK} stands for the mock's base URL (http://127.0.0.1:PORT),
// so other providers can be pointed at it too.
//
// A share of the stacks reach the mock over TLS, so the https path runs in
// every part of the suite: the mock provider's base_url is then a TlsPipe in
// front of the mock (byte for byte, test CA trusted through [upstream]
// ca_file). GW_E2E_TLS picks the share: "half" (the default: every second
// stack made), "all" or "none".
struct Stack {
  explicit Stack(const std::string& extra_config = "", std::vector<std::string> mock_args = {});
  TempDir dir;
  GwProcess mock;
  std::unique_ptr<TlsPipe> tls;  // set when this stack's mock provider is reached over TLS
  GwProcess serve;
};

// Runs `gw ARGS` (a shell word list) to completion, as a user would; returns
// its exit code and everything it printed (stdout and stderr).
struct CliResult {
  int code = -1;
  std::string out;
};
CliResult run_gw_cli(const std::string& args);

// Polls `ready` every 20 ms for up to `timeout_ms`; true once it holds.
bool eventually(const std::function<bool()>& ready, int timeout_ms = 10000);

}  // namespace gw::e2e
