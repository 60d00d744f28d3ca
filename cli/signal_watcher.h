// signal_watcher.h - graceful stop for the commands that run a server
// (`gw serve`, `gw mock`). block_stop_signals() must run before any thread
// starts, so every thread inherits the mask and SIGINT/SIGTERM reach only
// the thread that asks for them. wait_for_stop() runs on the main thread
// (no thread of its own while the server runs): the first signal stops the
// server (in-flight requests finish); from then on a short-lived thread ends
// the process at once on a second signal, or after `grace_s` seconds if the
// server has not finished by then (the watcher's destruction).
#pragma once

#include <atomic>
#include <functional>
#include <iosfwd>
#include <thread>

#include "proxy/server/http_server.h"

namespace gw {

void block_stop_signals();

class SignalWatcher {
 public:
  // `on_stop` (may be empty) runs on the first signal, before the server is
  // told to stop: it ends streams that would otherwise outlast the grace.
  SignalWatcher(HttpServer& server, int grace_s, std::ostream& err, std::function<void()> on_stop = {});
  ~SignalWatcher();  // the server has finished: the grace no longer runs
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  // Blocks until a stop signal (then stops the server) or until the server
  // was stopped another way.
  void wait_for_stop();

 private:
  void enforce_grace();

  HttpServer& server_;
  const int grace_s_;
  std::ostream& err_;
  const std::function<void()> on_stop_;
  std::atomic<bool> done_{false};
  std::thread grace_;  // runs from the first signal until destruction
};

}  // namespace gw
