// loop_curl.h - LoopCurl: libcurl driven by a fiber loop, one per loop
// thread. A curl multi handle in socket mode (curl_multi_socket_action): curl
// says which sockets to watch and when its next timeout is; the sockets sit in
// an epoll set of their own, whose one fd the loop's epoll watches for a fiber.
// No thread per transfer: a transfer's fiber yields while its socket waits.
//
// Whoever waits drives: a transfer that needs bytes and finds no fiber
// driving becomes the driver (waits on curl's epoll fd, runs curl's socket
// actions, hands each transfer what came for it, wakes the fibers whose bytes
// came). The others wait on their own LocalWaiter until their bytes come or
// the driver hands the role on. At one connection the one transfer drives
// itself: no extra fiber, no extra switch.
//
// Per loop, shared by every transfer of the loop: connections (the multi's
// cache, kept alive; HTTP/2 streams multiplexed on one connection), TLS
// sessions and DNS answers (a share handle), and idle easy handles. curl
// checks a pooled connection before it reuses it.
//
// Thread-safety: everything runs on the loop's thread (thread_local).
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <vector>

#include "proxy/io/curl_transfer.h"
#include "proxy/io/fiber_loop.h"

namespace gw {

// The part of a transfer LoopCurl deals with.
class LoopTransfer {
 public:
  virtual ~LoopTransfer() = default;
  virtual void ended(CURLcode code) = 0;  // curl finished the transfer

 private:
  friend class LoopCurl;
  FiberLoop::LocalWaiter waiter_;
  bool parked_ = false;  // its fiber waits on waiter_ for bytes or the driver's role
};

class LoopCurl {
 public:
  // The calling loop thread's LoopCurl (made on first use).
  static LoopCurl& get(FiberLoop& loop);
  LoopCurl(const LoopCurl&) = delete;
  LoopCurl& operator=(const LoopCurl&) = delete;
  ~LoopCurl();

  CurlEasyPool& easy() { return easy_; }
  // Starts `easy` (set up, with `t` as its CURLOPT_PRIVATE) at once.
  bool add(CURL* easy);
  // Stops `easy` (ended or abandoned; an abandoned connection is closed).
  void remove(CURL* easy);

  // Blocks the running fiber until `done()` holds, `deadline_ns` passes
  // (monotonic; < 0: none) or something changed for `t` (it may return
  // early: the caller checks and waits again). Drives curl meanwhile when no
  // other fiber does.
  template <class Done>
  void wait(LoopTransfer& t, Done done, int64_t deadline_ns) {
    if (driving_) {
      park(t, deadline_ns);
    } else {
      driving_ = true;
      drive_once(deadline_ns);
      driving_ = false;
      // The caller stops waiting: another fiber takes the driver's role.
      if (done() || (deadline_ns >= 0 && FiberLoop::now_ns() >= deadline_ns)) hand_on();
    }
  }
  // Wakes `t`'s fiber if it waits (a driver found bytes for it).
  void wake(LoopTransfer& t);

 private:
  LoopCurl();
  void park(LoopTransfer& t, int64_t deadline_ns);
  void hand_on();
  void drive_once(int64_t deadline_ns);
  void act(curl_socket_t fd, int events);
  void collect_finished();
  static int on_socket(CURL* easy, curl_socket_t fd, int what, void* self, void* socket_data);
  static int on_timer(CURLM* multi, long timeout_ms, void* self);

  FiberLoop* loop_ = nullptr;  // the loop now running on this thread (tests run several in turn)
  CurlEasyPool easy_;          // destroyed after the multi and share are cleaned up
  CURLM* multi_ = nullptr;
  CURLSH* share_ = nullptr;
  int epoll_fd_ = -1;             // curl's sockets
  int kick_fd_ = -1;              // eventfd in epoll_fd_: an earlier timeout while the driver waits
  int64_t timer_ns_ = -1;         // curl's next timeout (monotonic), -1: none
  int64_t driver_until_ns_ = -1;  // while the driver waits: until when; else -1
  bool driver_waiting_ = false;
  bool driving_ = false;
  std::vector<LoopTransfer*> parked_;  // fibers waiting, oldest first
};

}  // namespace gw
