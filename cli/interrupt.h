// interrupt.h - Ctrl-C for interactive commands (gw chat's REPL). While an
// InterruptCatcher lives, SIGINT does not end the process: it sets a flag
// that the REPL polls (to stop a streaming answer) and interrupts the
// blocking read at the prompt (the handler is installed without SA_RESTART,
// so libedit's read returns EINTR). The previous disposition is restored at
// destruction. Worker threads call block_interrupt_in_this_thread() so the
// signal always lands on the thread that reads the terminal.
//
// Thread-safety: take()/pending() may be called from any thread; one
// InterruptCatcher at a time per process.
#pragma once

#include <signal.h>

namespace gw {

class InterruptCatcher {
 public:
  InterruptCatcher();
  ~InterruptCatcher();
  InterruptCatcher(const InterruptCatcher&) = delete;
  InterruptCatcher& operator=(const InterruptCatcher&) = delete;

  // True if Ctrl-C was pressed since the last take(); clears the flag.
  static bool take();

 private:
  struct sigaction previous_ {};
};

// Blocks SIGINT for the calling thread (and threads it starts later).
void block_interrupt_in_this_thread();

// Runs `fn` with SIGINT blocked in the calling thread, so any thread `fn`
// starts (e.g. a Gateway's writer) never receives Ctrl-C; restores the mask.
template <class Fn>
auto with_interrupt_blocked(Fn&& fn) {
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, &old);
  struct Restore {
    sigset_t mask;
    ~Restore() { pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
  } restore{old};
  return fn();
}

}  // namespace gw
