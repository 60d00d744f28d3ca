// memory_cassette_store.h - a CassetteStore in a map, for tests: no disk.
// Thread-safe.
#pragma once

#include <map>
#include <mutex>

#include "core/cassette/cassette_store.h"

namespace gw {

class MemoryCassetteStore : public CassetteStore {
 public:
  Result<std::vector<std::string>> list() const override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> names;
    for (const auto& [name, text] : files_) names.push_back(name);
    return names;
  }
  Result<std::string> read(const std::string& name) const override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = files_.find(name);
    if (it == files_.end()) return make_error(ErrorKind::kIo, "no file " + name);
    return it->second;
  }
  Status write(const std::string& name, const std::string& text) override {
    std::lock_guard<std::mutex> lock(mu_);
    files_[name] = text;
    return ok_status();
  }
  std::map<std::string, std::string> files() const {
    std::lock_guard<std::mutex> lock(mu_);
    return files_;
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string> files_;
};

}  // namespace gw
