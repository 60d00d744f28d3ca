#include "tests/e2e/support/gw_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

extern char** environ;

namespace gw::e2e {

int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

GwProcess::GwProcess(std::vector<std::string> args) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  args.insert(args.begin(), GW_BINARY);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, GW_BINARY, &actions, nullptr, argv.data(), environ) != 0)
    throw std::runtime_error("cannot start " GW_BINARY);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  out_fd_ = fds[0];
  fcntl(out_fd_, F_SETFL, O_NONBLOCK);
  int64_t deadline = steady_ms() + 10000;
  while (steady_ms() < deadline) {
    std::string text = output();
    auto at = text.find("listening on http://");
    if (at != std::string::npos) {
      auto colon = text.find(':', at + 20);
      auto eol = text.find('\n', at);
      if (colon != std::string::npos && eol != std::string::npos) {
        port_ = std::atoi(text.substr(colon + 1, eol - colon - 1).c_str());
        return;
      }
    }
    pollfd p{out_fd_, POLLIN, 0};
    poll(&p, 1, 50);
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("gw exited before listening: " + output());
    }
  }
  throw std::runtime_error("gw did not start listening within 10 s: " + output());
}

GwProcess::~GwProcess() {
  if (pid_ > 0) stop(SIGKILL, 5000);
  if (out_fd_ >= 0) close(out_fd_);
}

std::string GwProcess::output() {
  char buf[4096];
  ssize_t n;
  while (out_fd_ >= 0 && (n = read(out_fd_, buf, sizeof buf)) > 0) output_.append(buf, static_cast<size_t>(n));
  return output_;
}

int GwProcess::stop(int sig, int timeout_ms) {
  if (pid_ <= 0) return -1;
  kill(pid_, sig);
  int64_t deadline = steady_ms() + timeout_ms;
  while (steady_ms() < deadline) {
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      output();
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    pollfd p{out_fd_, POLLIN, 0};
    poll(&p, 1, 20);
    output();
  }
  return -1;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "gw-e2e-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void TempDir::write(const std::string& name, const std::string& text) const { std::ofstream(file(name)) << text; }

namespace {

std::vector<std::string> mock_command(std::vector<std::string> extra) {
  std::vector<std::string> args = {"mock", "--port", "0", "--threads", "8"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace

namespace {

// Whether the next Stack reaches its mock over TLS (GW_E2E_TLS).
bool next_stack_uses_tls() {
  static std::atomic<int> made{0};
  const char* mode = std::getenv("GW_E2E_TLS");
  std::string m = mode ? mode : "half";
  int n = made++;
  return m == "all" || (m == "half" && n % 2 == 1);
}

// The [upstream] table trusting the test CA, inserted into `extra` (which
// may have an [upstream] table of its own) or added to it.
std::string with_test_ca(std::string extra) {
  std::string line = "ca_file = \"" + TlsPipe::ca_file() + "\"\n";
  size_t at = extra.find("[upstream]\n");
  if (at != std::string::npos) return extra.insert(at + 11, line);
  return extra + "\n[upstream]\n" + line;
}

}  // namespace

Stack::Stack(const std::string& extra_config, std::vector<std::string> mock_args)
    : mock(mock_command(std::move(mock_args))),
      tls(next_stack_uses_tls() ? std::make_unique<TlsPipe>(mock.port()) : nullptr),
      serve([&] {
        std::string extra = extra_config;
        for (size_t at; (at = extra.find("${MOCK}")) != std::string::npos;) extra.replace(at, 7, mock.url());
        std::string mock_url = mock.url();
        if (tls) {
          mock_url = tls->url();
          extra = with_test_ca(extra);
        }
        dir.write("config.toml", "[providers.mock]\nbase_url = \"" + mock_url + "/v1\"\n" + extra);
        return std::vector<std::string>{
            "--config", dir.file("config.toml"), "--db", dir.file("gw.db"), "serve", "--port", "0"};
      }()) {}

CliResult run_gw_cli(const std::string& args) {
  TempDir dir;
  // stdin is empty: gw chat reads a stdin that is not a terminal
  std::string cmd = std::string(GW_BINARY) + " " + args + " < /dev/null > " + dir.file("out.txt") + " 2>&1";
  int rc = std::system(cmd.c_str());
  std::ifstream in(dir.file("out.txt"));
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1,
          std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>())};
}

bool eventually(const std::function<bool()>& ready, int timeout_ms) {
  int64_t deadline = steady_ms() + timeout_ms;
  while (!ready()) {
    if (steady_ms() >= deadline) return false;
    poll(nullptr, 0, 20);
  }
  return true;
}

}  // namespace gw::e2e
