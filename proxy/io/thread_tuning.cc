// thread_tuning.cc - see thread_tuning.h. On Linux a nice value belongs to a
// thread, not to the whole process, so setpriority() on the thread's own id
// changes only the caller.
#include "proxy/io/thread_tuning.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace gw {

void name_this_thread(std::string_view name) {
  std::string short_name(name.substr(0, 15));
  pthread_setname_np(pthread_self(), short_name.c_str());
}

void lower_this_thread_priority(int steps) {
  if (steps <= 0) return;
  auto tid = static_cast<id_t>(::syscall(SYS_gettid));
  errno = 0;
  int nice = ::getpriority(PRIO_PROCESS, tid);
  if (errno != 0) return;
  ::setpriority(PRIO_PROCESS, tid, nice + steps);
}

}  // namespace gw
