// signal_watcher.cc - contracts in signal_watcher.h.
#include "cli/signal_watcher.h"

#include <pthread.h>

#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <ostream>

namespace gw {
namespace {

constexpr timespec kLook{0, 100'000'000};  // how often the waits look at their flags

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

SignalWatcher::SignalWatcher(HttpServer& server, int grace_s, std::ostream& err, std::function<void()> on_stop)
    : server_(server), grace_s_(grace_s), err_(err), on_stop_(std::move(on_stop)) {}

SignalWatcher::~SignalWatcher() {
  done_ = true;
  if (grace_.joinable()) grace_.join();
}

void SignalWatcher::wait_for_stop() {
  sigset_t set = stop_signals();
  while (!server_.stopping()) {
    if (sigtimedwait(&set, nullptr, &kLook) <= 0) continue;
    err_ << "gw: shutting down, letting in-flight requests finish (signal again to force)\n";
    if (on_stop_) on_stop_();
    grace_ = std::thread([this] { enforce_grace(); });
    server_.stop();
    return;
  }
}

void SignalWatcher::enforce_grace() {
  sigset_t set = stop_signals();
  for (int64_t looks = 0; !done_; ++looks) {
    if (looks >= int64_t{grace_s_} * 10) std::_Exit(1);  // in-flight requests outlasted the grace
    int sig = sigtimedwait(&set, nullptr, &kLook);
    if (sig > 0) std::_Exit(128 + sig);  // second signal: now
  }
}

}  // namespace gw
