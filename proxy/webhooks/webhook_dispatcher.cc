// webhook_dispatcher.cc - contracts in webhook_dispatcher.h.
#include "proxy/webhooks/webhook_dispatcher.h"

#include "core/webhooks/webhook_message.h"
#include "proxy/telemetry/telemetry.h"

namespace gw {
namespace {

constexpr size_t kErrorSnippetBytes = 200;  // of a non-2xx answer's body, kept in last_error

// Printable ASCII only, so a receiver's answer cannot break a terminal listing.
std::string snippet(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, kErrorSnippetBytes)) out += (c >= 0x20 && c < 0x7f) ? c : ' ';
  return out;
}

}  // namespace

WebhookDispatcher::WebhookDispatcher(WebhookStore& store, HttpClient& http, Clock& clock,
                                     const WebhookSettings& settings, Telemetry* telemetry)
    : store_(store),
      http_(http),
      clock_(clock),
      telemetry_(telemetry),
      policy_{settings.max_attempts, settings.backoff_base_s, kMaxRetryDelayS},
      timeout_ms_(settings.timeout_ms),
      worker_([this] {
        (void)run_once(clock_.now_unix_ms());  // a database error is retried on the next pass
        return kIdlePollMs;
      }) {}

WebhookDispatcher::~WebhookDispatcher() { stop(); }

Result<int> WebhookDispatcher::run_once(int64_t now_ms) {
  int attempts = 0;
  while (!stopping_.load()) {
    auto claimed = store_.claim_due(now_ms, now_ms + timeout_ms_ + kLeaseMarginMs, 1);
    if (!claimed) return claimed.error();
    if (claimed->empty()) break;
    attempt(claimed->front(), now_ms);
    ++attempts;
  }
  return attempts;
}

void WebhookDispatcher::attempt(const DueDelivery& due, int64_t now_ms) {
  HttpRequest req;
  req.method = "POST";
  req.url = due.url;
  req.headers = webhook_headers(due.secret, due.row.event_type, due.row.id, now_ms / 1000, due.row.payload);
  req.body = due.row.payload;
  req.connect_timeout_ms = timeout_ms_;
  req.read_timeout_ms = timeout_ms_;
  int status = 0;
  std::string error;
  auto opened = http_.open(req);
  if (!opened) {
    error = opened.error().message;
  } else {
    status = (*opened)->status();
    std::string answer, chunk;
    while (answer.size() < kMaxAnswerBytes && (*opened)->next(chunk)) answer += chunk;
    if (!is_delivered_status(status)) error = "HTTP " + std::to_string(status) + ": " + snippet(answer);
  }
  DeliveryStep step = after_attempt(policy_, due.row.attempts, is_delivered_status(status), now_ms);
  (void)store_.record_attempt(due.row.id, step, status, error);  // on failure the lease expires and it is retried
  webhook_delivery(telemetry_, step.state == DeliveryState::kDelivered ? "delivered"
                               : step.state == DeliveryState::kFailed  ? "failed"
                                                                       : "retried");
}

void WebhookDispatcher::start() {
  if (!stopping_.load()) worker_.start();
}

void WebhookDispatcher::stop() {
  stopping_.store(true);  // an ongoing pass stops after its attempt
  worker_.stop();
}

void WebhookDispatcher::wake() { worker_.wake(); }

}  // namespace gw
