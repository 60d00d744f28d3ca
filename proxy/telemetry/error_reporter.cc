// error_reporter.cc - Sentry envelope delivery (see error_reporter.h).
#include "proxy/telemetry/error_reporter.h"

namespace gw {

ErrorReporter::ErrorReporter(SentryDsn dsn, HttpClient& client, Clock& clock, RandomSource& random, int max_per_minute,
                             int timeout_ms)
    : dsn_(std::move(dsn)),
      client_(client),
      clock_(clock),
      random_(random),
      max_per_minute_(max_per_minute),
      timeout_ms_(timeout_ms),
      queue_(kQueue, 1, std::chrono::milliseconds(0), [this](std::vector<std::string>& batch) {
        for (const std::string& envelope : batch) post(envelope);
      }) {}

bool ErrorReporter::take_budget() {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t now = clock_.now_unix_ms();
  if (now - window_start_ms_ >= 60'000) {
    window_start_ms_ = now;
    used_ = 0;
  }
  if (used_ >= max_per_minute_) return false;
  ++used_;
  return true;
}

bool ErrorReporter::report(std::string type, std::string message, std::map<std::string, std::string> tags) {
  if (!take_budget()) {
    suppressed_.fetch_add(1);
    return false;
  }
  ErrorReport r;
  r.event_id = new_trace_id(random_);  // 32 hex, as Sentry's event ids are
  r.unix_ms = clock_.now_unix_ms();
  r.type = std::move(type);
  r.message = std::move(message);
  r.tags = std::move(tags);
  if (!queue_.push(sentry_envelope(r))) {
    suppressed_.fetch_add(1);
    return false;
  }
  return true;
}

void ErrorReporter::post(const std::string& envelope) {
  HttpRequest r;
  r.method = "POST";
  r.url = dsn_.envelope_url;
  r.headers.add("Content-Type", "application/x-sentry-envelope");
  r.headers.add("X-Sentry-Auth", sentry_auth_header(dsn_));
  r.body = envelope;
  r.connect_timeout_ms = timeout_ms_;
  r.read_timeout_ms = timeout_ms_;
  (send_accepted(client_, r) ? sent_ : failed_).fetch_add(1);
}

}  // namespace gw
