// The webhook dispatcher, driven by run_once(now) with a FakeClock and a
// FakeHttpClient: signed POSTs, retries with growing waits, giving up,
// durability across restarts. No threads, no sleeps.
#include "proxy/webhooks/webhook_dispatcher.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/crypto/signatures.h"
#include "core/webhooks/webhook_message.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_http_client.h"
#include "tests/support/temp_dir.h"
#include "tests/support/webhook_fixture.h"

namespace gw {
namespace {

constexpr const char* kSecret = "whsec_dispatch_test";

WebhookSettings settings(int max_attempts = 8, int base_s = 10) {
  WebhookSettings s;
  s.max_attempts = max_attempts;
  s.backoff_base_s = base_s;
  s.timeout_ms = 2500;
  return s;
}

// One webhook subscribed to everything, and one credits.low event queued at `now_ms`.
int64_t queue_low(WebhookStore& store, int64_t now_ms) {
  Event e{"credits.low", now_ms, {{"user_id", "usr_1"}}};
  OutboxEvent row{e.type, webhook_body("evt_test", e)};
  REQUIRE(store.queue(std::span<const OutboxEvent>(&row, 1), now_ms).value() == 1);
  return store.deliveries("whk_1", 1)->at(0).id;
}

DeliveryRecord row_of(WebhookStore& store) { return store.deliveries("whk_1", 1)->at(0); }

// A dispatcher over a fresh store, a fake receiver and a fake clock.
struct Dispatch {
  FakeClock clock;
  FakeHttpClient http;
  std::unique_ptr<WebhookStore> store;
  WebhookDispatcher d;

  explicit Dispatch(WebhookSettings s = settings(), const std::string& path = ":memory:")
      : store(open_webhook_store(path)), d(*store, http, clock, s) {}
  int64_t now() const { return clock.now_unix_ms(); }
  DeliveryRecord row() { return row_of(*store); }
};

TEST_CASE("dispatcher: a due row is POSTed with its body and verifiable signed headers") {
  Dispatch x;
  add_webhook(*x.store, "whk_1", "*", "https://hooks.example.com/gw", kSecret);
  const int64_t id = queue_low(*x.store, x.now());
  x.http.respond(200, "ok");
  CHECK(x.d.run_once(x.now()).value() == 1);

  const std::vector<HttpRequest> sent = x.http.requests();
  REQUIRE(sent.size() == 1);
  const HttpRequest& req = sent[0];
  CHECK(req.method == "POST");
  CHECK(req.url == "https://hooks.example.com/gw");
  CHECK(req.body == x.row().payload);
  CHECK(req.read_timeout_ms == 2500);
  CHECK(req.headers.get("Content-Type") == "application/json");
  CHECK(req.headers.get("X-Gw-Event") == "credits.low");
  CHECK(req.headers.get("X-Gw-Delivery") == std::to_string(id));
  const int64_t now_s = x.now() / 1000;
  CHECK(req.headers.get("X-Gw-Timestamp") == std::to_string(now_s));
  CHECK(verify_stripe_signature(req.headers.get("X-Gw-Signature"), req.body, kSecret, now_s).ok());

  DeliveryRecord r = x.row();
  CHECK(r.state == DeliveryState::kDelivered);
  CHECK(r.attempts == 1);
  CHECK(r.last_status == 200);
  CHECK(r.last_error.empty());
  CHECK(r.delivered_ms == x.now());
}

TEST_CASE("dispatcher: a 500 is retried after base seconds and delivered on the second attempt") {
  Dispatch x(settings(8, 10));
  add_webhook(*x.store, "whk_1", "*", "http://127.0.0.1:9/hook", kSecret);
  const int64_t t0 = x.now();
  queue_low(*x.store, t0);

  x.http.respond(500, "receiver broke");
  CHECK(x.d.run_once(t0).value() == 1);
  DeliveryRecord r = x.row();
  CHECK(r.state == DeliveryState::kPending);
  CHECK(r.attempts == 1);
  CHECK(r.last_status == 500);
  CHECK(r.last_error == "HTTP 500: receiver broke");
  CHECK(r.next_attempt_ms == t0 + 10'000);

  CHECK(x.d.run_once(t0 + 9'999).value() == 0);  // not due yet
  x.clock.advance_ms(10'000);
  x.http.respond(204, "");
  CHECK(x.d.run_once(t0 + 10'000).value() == 1);
  r = x.row();
  CHECK(r.state == DeliveryState::kDelivered);
  CHECK(r.attempts == 2);
  CHECK(r.last_error.empty());

  auto sent = x.http.requests();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].headers.get("X-Gw-Delivery") == sent[1].headers.get("X-Gw-Delivery"));
  CHECK(sent[0].body == sent[1].body);
  CHECK(sent[1].headers.get("X-Gw-Timestamp") == std::to_string((t0 + 10'000) / 1000));
}

TEST_CASE("dispatcher: every failure waits twice as long, and it gives up after max_attempts") {
  Dispatch x(settings(5, 10));
  add_webhook(*x.store, "whk_1", "*");
  int64_t now = x.now();
  queue_low(*x.store, now);

  std::vector<int64_t> waits;
  for (int attempt = 1; attempt <= 5; ++attempt) {
    x.http.respond(503, "busy");
    REQUIRE(x.d.run_once(now).value() == 1);
    DeliveryRecord r = x.row();
    CHECK(r.attempts == attempt);
    if (r.state == DeliveryState::kFailed) break;
    waits.push_back(r.next_attempt_ms - now);
    now = r.next_attempt_ms;
  }
  CHECK(waits == std::vector<int64_t>{10'000, 20'000, 40'000, 80'000});
  DeliveryRecord r = x.row();
  CHECK(r.state == DeliveryState::kFailed);
  CHECK(r.attempts == 5);
  CHECK(x.d.run_once(now + 24LL * 3600 * 1000).value() == 0);  // never tried again
  CHECK(x.http.requests().size() == 5);
}

TEST_CASE("dispatcher: a refused connection counts as a failed attempt with no status") {
  Dispatch x;
  add_webhook(*x.store, "whk_1", "*");
  queue_low(*x.store, x.now());
  x.http.fail(make_error(ErrorKind::kUnavailable, "connection refused by 127.0.0.1:9"));
  CHECK(x.d.run_once(x.now()).value() == 1);
  DeliveryRecord r = x.row();
  CHECK(r.state == DeliveryState::kPending);
  CHECK(r.last_status == 0);
  CHECK(r.last_error == "connection refused by 127.0.0.1:9");
}

TEST_CASE("dispatcher: rows of several webhooks are all sent in one pass") {
  Dispatch x;
  add_webhook(*x.store, "whk_1", "*", "http://a.example/x");
  add_webhook(*x.store, "whk_2", "credits.low", "http://b.example/y");
  Event e{"credits.low", x.now(), {}};
  std::vector<OutboxEvent> rows(3, OutboxEvent{e.type, webhook_body("evt_x", e)});
  REQUIRE(x.store->queue(rows, x.now()).value() == 6);
  for (int i = 0; i < 6; ++i) x.http.respond(200, "");
  CHECK(x.d.run_once(x.now()).value() == 6);
  CHECK(x.d.run_once(x.now()).value() == 0);
}

TEST_CASE("dispatcher: a claimed row is leased, so a second dispatcher does not send it too") {
  Dispatch x;
  add_webhook(*x.store, "whk_1", "*");
  const int64_t now = x.now();
  queue_low(*x.store, now);
  REQUIRE(x.store->claim_due(now, now + 60'000, 10)->size() == 1);
  CHECK(x.store->claim_due(now, now + 60'000, 10)->empty());
  CHECK(x.store->claim_due(now + 60'000, now + 120'000, 10)->size() == 1);  // the lease ran out: retried
}

TEST_CASE("dispatcher: pending rows survive a restart and are sent by the next dispatcher") {
  TempDir dir;
  const std::string path = dir.file("gw.db");
  int64_t t0 = 0;
  {
    Dispatch before(settings(8, 10), path);
    t0 = before.now();
    add_webhook(*before.store, "whk_1", "*");
    queue_low(*before.store, t0);
    before.http.respond(502, "");
    CHECK(before.d.run_once(t0).value() == 1);
  }
  Dispatch after(settings(8, 10), path);
  after.http.respond(200, "");
  CHECK(after.d.run_once(t0).value() == 0);
  CHECK(after.d.run_once(t0 + 10'000).value() == 1);
  DeliveryRecord r = after.row();
  CHECK(r.state == DeliveryState::kDelivered);
  CHECK(r.attempts == 2);
}

TEST_CASE("dispatcher: deleting a webhook drops its queued rows") {
  Dispatch x;
  add_webhook(*x.store, "whk_1", "*");
  queue_low(*x.store, x.now());
  REQUIRE(x.store->remove("whk_1").ok());
  CHECK(x.d.run_once(x.now()).value() == 0);
  CHECK(x.http.requests().empty());
}

}  // namespace
}  // namespace gw
