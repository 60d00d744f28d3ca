// captured_log.h - a LogOutput that keeps what is written, for access-log
// tests. Thread-safe (the writer thread writes, the test reads).
#pragma once

#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "proxy/telemetry/access_log.h"

namespace gw {

class CapturedLog : public LogOutput {
 public:
  void write(std::string_view text) override {
    std::lock_guard<std::mutex> lock(mu_);
    text_ += text;
  }
  std::string text() const {
    std::lock_guard<std::mutex> lock(mu_);
    return text_;
  }
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    std::istringstream in(text());
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

 private:
  mutable std::mutex mu_;
  std::string text_;
};

}  // namespace gw
