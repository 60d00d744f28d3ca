// access_log.cc - the access-log writer and its outputs (see access_log.h).
#include "proxy/telemetry/access_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gw {
namespace {

// Writes to a file descriptor, retrying short writes; errors are dropped (a
// log must never take the gateway down).
class FdOutput final : public LogOutput {
 public:
  FdOutput(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~FdOutput() override {
    if (owned_) ::close(fd_);
  }
  void write(std::string_view text) override {
    while (!text.empty()) {
      ssize_t n = ::write(fd_, text.data(), text.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      text.remove_prefix(static_cast<size_t>(n));
    }
  }

 private:
  int fd_;
  bool owned_;
};

}  // namespace

Result<std::unique_ptr<LogOutput>> open_log_output(const std::string& target) {
  if (target == "-") return std::unique_ptr<LogOutput>(std::make_unique<FdOutput>(STDERR_FILENO, false));
  int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return make_error(ErrorKind::kIo, "cannot open access log " + target + ": " + std::strerror(errno));
  return std::unique_ptr<LogOutput>(std::make_unique<FdOutput>(fd, true));
}

AccessLog::AccessLog(std::unique_ptr<LogOutput> out, LogLevel level)
    : out_(std::move(out)),
      level_(level),
      queue_(kQueue, kBatch, std::chrono::milliseconds(kIntervalMs),
             [this](std::vector<AccessEntry>& batch) { write_batch(batch); }) {}

bool AccessLog::write(AccessEntry entry) { return queue_.push(std::move(entry)); }

void AccessLog::write_batch(std::vector<AccessEntry>& batch) {
  text_.clear();
  for (const AccessEntry& e : batch) {
    append_access_log_line(text_, e, level_);
    text_ += '\n';
  }
  out_->write(text_);
}

}  // namespace gw
