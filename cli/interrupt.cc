// interrupt.cc - see interrupt.h. The handler only stores to a lock-free
// atomic, which is async-signal-safe.
#include "cli/interrupt.h"

#include <pthread.h>

#include <atomic>
#include <cstring>

namespace gw {
namespace {

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

void on_sigint(int) { g_interrupted.store(true); }

}  // namespace

InterruptCatcher::InterruptCatcher() {
  g_interrupted.store(false);
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocking read at the prompt returns EINTR
  sigaction(SIGINT, &sa, &previous_);
}

InterruptCatcher::~InterruptCatcher() { sigaction(SIGINT, &previous_, nullptr); }

bool InterruptCatcher::take() { return g_interrupted.exchange(false); }

void block_interrupt_in_this_thread() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

}  // namespace gw
