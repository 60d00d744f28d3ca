// E2E: webhooks and Stripe as an operator sees them. A tiny receiver (an
// httplib server on 127.0.0.1:0 inside the test) stands in for the
// customer's endpoint; signatures are checked with OpenSSL's HMAC directly,
// the way a receiver would, not with gw's own code.
#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"
#include "tests/support/prometheus_text.h"

using namespace gw::e2e;
using nlohmann::json;

namespace {

constexpr const char* kStripeSecret = "whsec_e2e_stripe_secret";
// One priced request of a few hundred tokens takes a new trial user ($5.00)
// below $4.9999; retries
// start after 1 s so the retry test is quick.
const std::string kConfig =
    "[credits]\nlow_balance_usd = \"4.9999\"\n[webhooks]\nbackoff_base_s = 1\n"
    "[stripe]\nwebhook_secret = \"" +
    std::string(kStripeSecret) + "\"\n";

std::string hmac_hex(const std::string& key, const std::string& message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), mac, &len);
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) hex += {kHex[mac[i] >> 4], kHex[mac[i] & 15]};
  return hex;
}

// "t=<now>,v1=<hmac>", as Stripe and gw sign.
std::string signature_header(const std::string& secret, int64_t t, const std::string& body) {
  return "t=" + std::to_string(t) + ",v1=" + hmac_hex(secret, std::to_string(t) + "." + body);
}

int64_t unix_now() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

struct Received {
  httplib::Headers headers;
  std::string body;
};

// The customer's endpoint: records every POST; answers 500 to the first
// `failures` of them, then 200.
class Receiver {
 public:
  explicit Receiver(int failures = 0) : failures_(failures) {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      received_.push_back({req.headers, req.body});
      res.status = static_cast<int>(received_.size()) <= failures_ ? 500 : 200;
      res.set_content(res.status == 200 ? "ok" : "receiver down", "text/plain");
      arrived_.notify_all();
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  // Waits up to 15 s for `n` requests; returns what arrived.
  std::vector<Received> wait_for(size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    arrived_.wait_for(lock, std::chrono::seconds(15), [&] { return received_.size() >= n; });
    return received_;
  }

 private:
  httplib::Server server_;
  int failures_;
  int port_ = 0;
  std::mutex mu_;
  std::condition_variable arrived_;
  std::vector<Received> received_;
  std::thread thread_;
};

json post(int port, const std::string& path, const json& body, const std::string& key = "") {
  auto c = client(port);
  httplib::Headers h;
  if (!key.empty()) h.emplace("Authorization", "Bearer " + key);
  auto r = c.Post(path, h, body.dump(), "application/json");
  REQUIRE(r);
  return json_of(r);
}

json get(int port, const std::string& path) {
  auto r = client(port).Get(path);
  REQUIRE(r);
  return json_of(r);
}

std::string header(const Received& r, const char* name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

httplib::Result stripe_post(int port, const std::string& body, const std::string& signature) {
  httplib::Headers h;
  if (!signature.empty()) h.emplace("Stripe-Signature", signature);
  return client(port).Post("/api/stripe/webhook", h, body, "application/json");
}

std::string checkout(const std::string& event_id, const std::string& user, int cents) {
  return json{{"id", event_id},
              {"object", "event"},
              {"type", "checkout.session.completed"},
              {"data",
               {{"object",
                 {{"id", "cs_e2e"},
                  {"object", "checkout.session"},
                  {"amount_total", cents},
                  {"currency", "usd"},
                  {"payment_status", "paid"},
                  {"client_reference_id", user}}}}}}
      .dump();
}

}  // namespace

TEST_CASE("a request that takes a balance below the threshold sends a signed credits.low webhook") {
  Receiver receiver;
  Stack stack(kConfig);
  const int port = stack.serve.port();
  json hook = post(port, "/admin/webhooks", {{"url", receiver.url()}, {"events", {"credits.low"}}});
  const std::string secret = hook["secret"];
  json user = post(port, "/admin/users", {{"name", "erin"}});
  const std::string key = user["key"]["secret"];

  std::string words;  // ~200 tokens each way at $1/$2 per million: about $0.0006
  for (int i = 0; i < 200; ++i) words += "spend ";
  json answer = post(port, "/v1/chat/completions",
                     {{"model", "mock/echo-priced"}, {"messages", {{{"role", "user"}, {"content", words}}}}}, key);
  REQUIRE_MESSAGE(answer.contains("choices"), answer.dump());

  auto got = receiver.wait_for(1);
  REQUIRE(got.size() == 1);
  const Received& r = got[0];
  CHECK(header(r, "X-Gw-Event") == "credits.low");
  CHECK(header(r, "Content-Type") == "application/json");
  const std::string t = header(r, "X-Gw-Timestamp");
  CHECK(header(r, "X-Gw-Signature") == "t=" + t + ",v1=" + hmac_hex(secret, t + "." + r.body));
  CHECK(std::llabs(std::stoll(t) - unix_now()) < 60);
  json body = json::parse(r.body);
  CHECK(body["type"] == "credits.low");
  CHECK(body["id"].get<std::string>().rfind("evt_", 0) == 0);
  CHECK(body["data"]["user_id"] == user["user"]["id"]);
  CHECK(body["data"]["threshold_usd"] == "4.9999");
}

TEST_CASE("a receiver that fails first gets the same delivery again after a wait, and it is marked delivered") {
  Receiver receiver(1);
  Stack stack(kConfig);
  const int port = stack.serve.port();
  json hook = post(port, "/admin/webhooks", {{"url", receiver.url()}});
  const std::string id = hook["id"];
  json queued = post(port, "/admin/webhooks/" + id + "/test", json::object());
  CHECK(queued["type"] == "webhook.test");

  auto got = receiver.wait_for(2);
  REQUIRE(got.size() == 2);
  CHECK(header(got[0], "X-Gw-Delivery") == header(got[1], "X-Gw-Delivery"));
  CHECK(got[0].body == got[1].body);
  CHECK(std::stoll(header(got[1], "X-Gw-Timestamp")) >= std::stoll(header(got[0], "X-Gw-Timestamp")) + 1);

  json history;
  for (int i = 0; i < 100; ++i) {  // the outcome is recorded right after the answer
    history = get(port, "/admin/webhooks/" + id + "/deliveries");
    if (history["data"][0]["state"] == "delivered") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(history["data"][0]["state"] == "delivered");
  CHECK(history["data"][0]["attempts"] == 2);
  // Each attempt is counted by its outcome.
  auto scrape = client(port).Get("/metrics");
  REQUIRE(scrape);
  CHECK(gw::sample_value(scrape->body, R"(webhook_deliveries_total{result="retried"})") == 1);
  CHECK(gw::sample_value(scrape->body, R"(webhook_deliveries_total{result="delivered"})") == 1);
}

TEST_CASE("a signed Stripe checkout credits the user once, even when Stripe sends it again") {
  Stack stack(kConfig);
  const int port = stack.serve.port();
  post(port, "/admin/users", {{"name", "frank"}});
  const std::string before = get(port, "/admin/credits/frank")["purchased_usd"];
  CHECK(before == "0.00");
  const std::string event = checkout("evt_e2e_1", "frank", 2500);

  for (const char* expected : {"credited", "duplicate", "duplicate"}) {
    auto r = stripe_post(port, event, signature_header(kStripeSecret, unix_now(), event));
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(json_of(r)["result"] == expected);
  }
  CHECK(get(port, "/admin/credits/frank")["purchased_usd"] == "25.00");
}

TEST_CASE("a Stripe call with a bad signature or a malformed body is still answered 200, crediting nothing") {
  Stack stack(kConfig);
  const int port = stack.serve.port();
  post(port, "/admin/users", {{"name", "gina"}});
  const std::string event = checkout("evt_e2e_2", "gina", 100000);

  auto forged = stripe_post(port, event, signature_header("whsec_wrong", unix_now(), event));
  REQUIRE(forged);
  CHECK(forged->status == 200);
  CHECK(json_of(forged)["result"] == "rejected");
  auto unsigned_call = stripe_post(port, event, "");
  REQUIRE(unsigned_call);
  CHECK(unsigned_call->status == 200);
  CHECK(json_of(unsigned_call)["result"] == "rejected");

  const std::string garbage = "{\"id\": \"evt_";
  auto malformed = stripe_post(port, garbage, signature_header(kStripeSecret, unix_now(), garbage));
  REQUIRE(malformed);
  CHECK(malformed->status == 200);
  CHECK(json_of(malformed)["received"] == true);
  CHECK(json_of(malformed)["result"] == "ignored");

  CHECK(get(port, "/admin/credits/gina")["purchased_usd"] == "0.00");
}
