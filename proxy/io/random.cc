#include "proxy/io/random.h"

#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

#include "core/crypto/crypto.h"

namespace gw {

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  if (n && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    std::fputs("gw: the system random number generator failed\n", stderr);
    std::abort();
  }
  return out;
}

std::string random_id(std::string_view prefix, size_t bytes) {
  return std::string(prefix) + hex_encode(random_bytes(bytes));
}

}  // namespace gw
