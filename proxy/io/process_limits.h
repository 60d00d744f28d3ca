// process_limits.h - raising the open-file limit of a server process: every
// connection (and every upstream connection) is a descriptor, and a fiber
// server holds thousands at once where the default soft limit (1024) would
// refuse them. Linux-specific; best effort; thread-safe.
#pragma once

namespace gw {

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit now in force.
long raise_open_file_limit();

}  // namespace gw
