// lazy_library.cc - contracts in lazy_library.h.
#include "proxy/io/lazy_library.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

namespace gw {

void* lazy_symbol(const char* soname, const char* package, const char* name) {
  static std::mutex mu;
  static std::map<std::string, void*> opened;  // soname -> handle, never closed
  void* handle;
  {
    std::lock_guard<std::mutex> lock(mu);
    void*& slot = opened[soname];
    if (!slot) slot = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    handle = slot;
  }
  void* found = handle ? ::dlsym(handle, name) : nullptr;
  if (!found) {
    const char* why = ::dlerror();
    std::fprintf(stderr, "gw: cannot load %s from %s (%s); install the Debian package %s\n", name, soname,
                 why ? why : "not found", package);
    std::_Exit(70);  // EX_SOFTWARE
  }
  return found;
}

}  // namespace gw
