// cassette_store.h - where cassette files live, behind an interface so the
// deck and the CLI are tested without a disk: the real one is a directory
// (proxy/cassette/dir_cassette_store.h), the fake a map
// (tests/support/memory_cassette_store.h).
//
// Thread-safety: implementations say.
#pragma once

#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/cassette/exchange.h"

namespace gw {

class CassetteStore {
 public:
  virtual ~CassetteStore() = default;
  // The cassette files' names (*.json), sorted. kIo when unreadable.
  virtual Result<std::vector<std::string>> list() const = 0;
  virtual Result<std::string> read(const std::string& name) const = 0;
  // Writes the whole file (replacing one of the same name). kIo on failure.
  virtual Status write(const std::string& name, const std::string& text) = 0;
};

// Every cassette of `store`, in name order. A file that is not a cassette
// is an error naming it, so a broken directory fails at start, not at the
// first request.
Result<std::vector<Exchange>> read_cassettes(const CassetteStore& store);

}  // namespace gw
