// signal_watcher.h - graceful stop for the commands that run a server
// (`gw serve`, `gw mock`). block_stop_signals() must run before any thread
// starts, so every thread inherits the mask and only the watcher receives
// SIGINT/SIGTERM. The first signal stops the server (in-flight requests
// finish); a second signal, or `grace_s` seconds without finishing, ends the
// process at once. The watcher's thread ends when the object is destroyed.
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
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  void watch(HttpServer& server, int grace_s, std::ostream& err, const std::function<void()>& on_stop);

  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace gw
