// dir_cassette_store.h - cassettes as *.json files in one directory (the
// DIR of `gw serve --record/--replay DIR` and `gw cassette`). Writing makes
// the directory if needed and replaces a file through a temporary and a
// rename, so a reader never sees half a cassette.
//
// Thread-safety: const members from any thread; write() from one thread at a
// time (the cassette writer's).
#pragma once

#include <string>

#include "core/cassette/cassette_store.h"

namespace gw {

class DirCassetteStore : public CassetteStore {
 public:
  explicit DirCassetteStore(std::string dir) : dir_(std::move(dir)) {}
  Result<std::vector<std::string>> list() const override;
  Result<std::string> read(const std::string& name) const override;
  Status write(const std::string& name, const std::string& text) override;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

}  // namespace gw
