// loop_curl.cc - LoopCurl: curl's socket API on a fiber loop. Contracts in
// loop_curl.h.
#include "proxy/io/loop_curl.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <system_error>

namespace gw {
namespace {

constexpr long kMaxCachedConnections = 64;  // per loop: one per concurrent HTTP/1.1 transfer
constexpr int kMaxEvents = 64;

[[noreturn]] void fail_sys(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

}  // namespace

LoopCurl& LoopCurl::get(FiberLoop& loop) {
  thread_local std::unique_ptr<LoopCurl> instance;
  if (!instance) instance.reset(new LoopCurl());
  instance->loop_ = &loop;  // between two loops of one thread nothing waits or drives
  return *instance;
}

LoopCurl::LoopCurl() {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) fail_sys("epoll_create1");
  kick_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (kick_fd_ < 0) fail_sys("eventfd");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = kick_fd_;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, kick_fd_, &ev) != 0) fail_sys("epoll_ctl");

  share_ = curl_share_init();  // one thread uses it: no lock callbacks needed
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);

  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, kMaxCachedConnections);
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &LoopCurl::on_socket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &LoopCurl::on_timer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
}

LoopCurl::~LoopCurl() {
  easy_.clear();  // idle handles hold the share handle: curl_share_cleanup refuses a share in use
  curl_multi_cleanup(multi_);
  curl_share_cleanup(share_);
  ::close(kick_fd_);
  ::close(epoll_fd_);
}

bool LoopCurl::add(CURL* easy) {
  curl_easy_setopt(easy, CURLOPT_SHARE, share_);
  if (curl_multi_add_handle(multi_, easy) != CURLM_OK) return false;
  // curl asked for an immediate timeout: start connecting (or sending on a
  // kept-alive connection) now rather than when a driver next looks.
  if (timer_ns_ >= 0 && timer_ns_ <= FiberLoop::now_ns()) act(CURL_SOCKET_TIMEOUT, 0);
  return true;
}

void LoopCurl::remove(CURL* easy) { curl_multi_remove_handle(multi_, easy); }

void LoopCurl::wake(LoopTransfer& t) {
  if (!t.parked_) return;
  t.parked_ = false;
  parked_.erase(std::find(parked_.begin(), parked_.end(), &t));
  loop_->notify_local(t.waiter_);
}

void LoopCurl::park(LoopTransfer& t, int64_t deadline_ns) {
  t.parked_ = true;
  parked_.push_back(&t);
  loop_->wait_local(t.waiter_, deadline_ns);
  if (t.parked_) {  // its deadline, not a wake
    t.parked_ = false;
    parked_.erase(std::find(parked_.begin(), parked_.end(), &t));
  }
}

void LoopCurl::hand_on() {
  if (!parked_.empty()) wake(*parked_.front());
}

void LoopCurl::drive_once(int64_t deadline_ns) {
  int64_t until = deadline_ns;
  if (timer_ns_ >= 0 && (until < 0 || timer_ns_ < until)) until = timer_ns_;
  if (until < 0 || until > FiberLoop::now_ns()) {
    driver_until_ns_ = until;
    driver_waiting_ = true;
    uint32_t ready = loop_->wait_fd(epoll_fd_, EPOLLIN, until);
    driver_waiting_ = false;
    if (ready != 0) {
      epoll_event events[kMaxEvents];
      const int n = ::epoll_wait(epoll_fd_, events, kMaxEvents, 0);
      for (int i = 0; i < n; ++i) {
        if (events[i].data.fd == kick_fd_) {
          uint64_t count = 0;
          [[maybe_unused]] ssize_t r = ::read(kick_fd_, &count, sizeof count);
          continue;
        }
        int flags = 0;
        if (events[i].events & EPOLLIN) flags |= CURL_CSELECT_IN;
        if (events[i].events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
        if (events[i].events & (EPOLLERR | EPOLLHUP)) flags |= CURL_CSELECT_ERR;
        act(events[i].data.fd, flags);
      }
    }
  }
  if (timer_ns_ >= 0 && timer_ns_ <= FiberLoop::now_ns()) act(CURL_SOCKET_TIMEOUT, 0);
}

void LoopCurl::act(curl_socket_t fd, int events) {
  int running = 0;
  curl_multi_socket_action(multi_, fd, events, &running);
  collect_finished();
}

void LoopCurl::collect_finished() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    LoopTransfer* t = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
    CURLcode code = msg->data.result;  // read before removal invalidates msg
    if (t) t->ended(code);
  }
}

int LoopCurl::on_socket(CURL*, curl_socket_t fd, int what, void* self, void*) {
  auto* lc = static_cast<LoopCurl*>(self);
  if (what == CURL_POLL_REMOVE) {
    ::epoll_ctl(lc->epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);  // fails harmlessly if curl closed it already
    return 0;
  }
  epoll_event ev{};
  ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0u) | (what & CURL_POLL_OUT ? EPOLLOUT : 0u);
  ev.data.fd = fd;
  if (::epoll_ctl(lc->epoll_fd_, EPOLL_CTL_MOD, fd, &ev) != 0 && errno == ENOENT)
    ::epoll_ctl(lc->epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  return 0;
}

int LoopCurl::on_timer(CURLM*, long timeout_ms, void* self) {
  auto* lc = static_cast<LoopCurl*>(self);
  lc->timer_ns_ = timeout_ms < 0 ? -1 : FiberLoop::now_ns() + int64_t{timeout_ms} * 1'000'000;
  // A driver asleep past the new timeout must look sooner.
  if (lc->driver_waiting_ && lc->timer_ns_ >= 0 && (lc->driver_until_ns_ < 0 || lc->timer_ns_ < lc->driver_until_ns_)) {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t w = ::write(lc->kick_fd_, &one, sizeof one);
  }
  return 0;
}

}  // namespace gw
