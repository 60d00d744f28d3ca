// pty_process.cc - see pty_process.h.
#include "tests/e2e/support/pty_process.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "tests/e2e/support/gw_process.h"

extern char** environ;

namespace gw::e2e {

PtyProcess::PtyProcess(std::vector<std::string> args, std::vector<std::pair<std::string, std::string>> env) {
  args.insert(args.begin(), GW_BINARY);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // The child's environment, built before fork: only exec runs in the child.
  env.emplace_back("TERM", "xterm");
  std::vector<std::string> vars;
  for (char** e = environ; *e; ++e) {
    std::string var = *e;
    std::string name = var.substr(0, var.find('='));
    bool overridden = false;
    for (const auto& kv : env) overridden = overridden || kv.first == name;
    if (!overridden) vars.push_back(var);
  }
  for (const auto& [name, value] : env)
    if (!value.empty()) vars.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& v : vars) envp.push_back(v.data());
  envp.push_back(nullptr);

  winsize size{};
  size.ws_row = 40;
  size.ws_col = 120;
  pid_ = forkpty(&master_, nullptr, nullptr, &size);
  if (pid_ < 0) throw std::runtime_error("forkpty failed");
  if (pid_ == 0) {
    ::execve(GW_BINARY, argv.data(), envp.data());
    ::_exit(127);
  }
  fcntl(master_, F_SETFL, O_NONBLOCK);
}

PtyProcess::~PtyProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (master_ >= 0) close(master_);
}

void PtyProcess::pump(int wait_ms) {
  pollfd p{master_, POLLIN, 0};
  if (poll(&p, 1, wait_ms) <= 0) return;
  char buf[4096];
  ssize_t n;
  while ((n = read(master_, buf, sizeof buf)) > 0) output_.append(buf, static_cast<size_t>(n));
}

void PtyProcess::type(const std::string& keys) {
  for (size_t done = 0; done < keys.size();) {
    ssize_t n = write(master_, keys.data() + done, keys.size() - done);
    if (n > 0) done += static_cast<size_t>(n);
    else pump(10);
  }
}

bool PtyProcess::expect(const std::string& text, int timeout_ms) {
  int64_t deadline = steady_ms() + timeout_ms;
  for (;;) {
    size_t at = output_.find(text, matched_);
    if (at != std::string::npos) {
      matched_ = at + text.size();
      return true;
    }
    int64_t left = deadline - steady_ms();
    if (left <= 0) return false;
    pump(static_cast<int>(std::min<int64_t>(left, 50)));
  }
}

std::string PtyProcess::unmatched() {
  pump(0);
  return output_.substr(matched_);
}

std::string PtyProcess::output() {
  pump(0);
  return output_;
}

int PtyProcess::wait_exit(int timeout_ms) {
  if (pid_ <= 0) return -1;
  int64_t deadline = steady_ms() + timeout_ms;
  while (steady_ms() < deadline) {
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      pump(0);
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    pump(20);
  }
  return -1;
}

}  // namespace gw::e2e
