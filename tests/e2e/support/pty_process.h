// pty_process.h - runs build/gw in a pseudo-terminal, so e2e tests see what a
// person at a terminal would: gw believes stdin, stdout and stderr are a
// terminal, keys typed (including Ctrl-C, Ctrl-D and arrows) go through the
// terminal's line discipline, and the output arrives as the screen would get
// it. Every wait has a deadline; the process is killed when the handle goes
// away, so a failing test never hangs or leaves it behind.
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace gw::e2e {

class PtyProcess {
 public:
  // Runs `gw args...` with `env` added to (or, with an empty value, removed
  // from) the environment. The terminal is 120x40, TERM=xterm.
  PtyProcess(std::vector<std::string> args, std::vector<std::pair<std::string, std::string>> env);
  ~PtyProcess();
  PtyProcess(const PtyProcess&) = delete;
  PtyProcess& operator=(const PtyProcess&) = delete;

  // Types `keys` ("\r" is Enter, "\x03" Ctrl-C, "\x04" Ctrl-D, "\x1b[A" up).
  void type(const std::string& keys);
  // Waits until `text` appears in the output after everything matched so
  // far; true when it did (the match then becomes the new starting point),
  // false after `timeout_ms`.
  bool expect(const std::string& text, int timeout_ms = 15000);
  // Output not yet consumed by expect().
  std::string unmatched();
  // Everything printed so far.
  std::string output();
  // Waits for the process to end; its exit code (128+signal), or -1 on timeout.
  int wait_exit(int timeout_ms = 15000);

 private:
  void pump(int wait_ms);

  pid_t pid_ = -1;
  int master_ = -1;
  std::string output_;
  size_t matched_ = 0;  // output_ before this has been consumed by expect()
};

}  // namespace gw::e2e
