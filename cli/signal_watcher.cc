#include "cli/signal_watcher.h"

#include <pthread.h>

#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <ostream>

namespace gw {
namespace {

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void block_stop_signals() {
  sigset_t set = stop_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

SignalWatcher::SignalWatcher(HttpServer& server, int grace_s, std::ostream& err, std::function<void()> on_stop) {
  thread_ = std::thread(
      [this, &server, grace_s, &err, on_stop = std::move(on_stop)] { watch(server, grace_s, err, on_stop); });
}

SignalWatcher::~SignalWatcher() {
  done_ = true;
  thread_.join();
}

void SignalWatcher::watch(HttpServer& server, int grace_s, std::ostream& err, const std::function<void()>& on_stop) {
  sigset_t set = stop_signals();
  timespec tick{0, 100'000'000};  // look at done_ every 100 ms
  int64_t stopping_ticks = -1;
  while (!done_) {
    int sig = sigtimedwait(&set, nullptr, &tick);
    if (sig > 0 && stopping_ticks >= 0) std::_Exit(128 + sig);  // second signal: now
    if (sig > 0) {
      err << "gw: shutting down, letting in-flight requests finish (signal again to force)\n";
      stopping_ticks = 0;
      if (on_stop) on_stop();
      std::thread([&server] { server.stop(); }).detach();
    }
    if (stopping_ticks >= 0 && ++stopping_ticks > int64_t{grace_s} * 10) std::_Exit(1);
  }
}

}  // namespace gw
