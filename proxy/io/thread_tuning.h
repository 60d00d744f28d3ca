// thread_tuning.h - naming the calling thread (so `top -H` and `ps -L` show
// what each of gw's threads does) and lowering its scheduling priority.
// Best effort: failures are ignored. Linux-specific; thread-safe.
#pragma once

#include <string_view>

namespace gw {

// Names the calling thread (at most 15 characters are kept).
void name_this_thread(std::string_view name);

// Raises the calling thread's nice value by `steps` (lower priority; any
// user may do this). 0 does nothing.
void lower_this_thread_priority(int steps);

}  // namespace gw
