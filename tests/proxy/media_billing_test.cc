// Images and transcriptions are billed like chat, in-process: pre-flight
// holds the documented worst case (402 before any provider call when it is
// not covered), settlement charges the usage the answer reports - tokens,
// images x the per-image price, audio minutes rounded up to a Money unit -
// and provider failures are refunded. FakeHttpClient for OpenAI and Groq,
// the in-process mock for the priced mock models; the ledger is SQLite.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/http/multipart.h"
#include "tests/support/billing_fixture.h"

using nlohmann::json;

namespace gw {
namespace {

const Money kImagePrice = *Money::parse("0.25");  // mock/image-priced, per image

Reply image(Billing& b, const std::string& key, const std::string& model, int n, const std::string& prompt = "a cat") {
  return b.post(key, "/v1/images/generations", json{{"model", model}, {"prompt", prompt}, {"n", n}}.dump());
}

Reply transcribe(Billing& b, const std::string& key, const std::string& model, size_t audio_bytes) {
  std::vector<MultipartPart> parts = {{"file", "talk.mp3", "audio/mpeg", std::string(audio_bytes, 'a')},
                                      {"model", "", "", model}};
  std::string boundary = choose_boundary(parts);
  Headers h;
  h.add("Content-Type", multipart_content_type(boundary));
  return b.post(key, "/v1/audio/transcriptions", encode_multipart(parts, boundary), std::move(h));
}

// Holds all of `name`'s balance but `left` under `request_id`, as requests in flight would.
void leave_available(Billing& b, const std::string& name, Money left, const std::string& request_id) {
  auto u = *b.accounts->find_user(name);
  REQUIRE(b.accounts->credits().reserve(u.id, request_id, *u.balance.balance().minus(left), false));
}

// Requests the in-process mock provider has answered.
int64_t mock_requests(Billing& b) {
  HttpRequest r;
  r.method = "GET";
  r.url = "mock://local/_mock/stats";
  auto opened = b.gateway->services().mock->open(r);
  REQUIRE(opened.ok());
  return json::parse(*read_all(**opened))["requests"].get<int64_t>();
}

// The charge the ledger holds for `reply`'s request, as a positive amount.
Money charged(Billing& b, const std::string& name, const Reply& reply) {
  for (const LedgerEntry& e : b.ledger(name))
    if (e.request_id == reply.headers.get("x-request-id") && e.kind == LedgerKind::kCharge) return -e.total_delta();
  FAIL("no charge for " << reply.headers.get("x-request-id"));
  return Money{};
}

void check_insufficient_credits(const Reply& r) {
  CHECK(r.status == 402);
  json body = json::parse(r.body);
  CHECK(body["error"]["code"] == "insufficient_credits");
  CHECK(body["error"]["type"] == "insufficient_quota");
  CHECK(body["error"]["message"].get<std::string>().find("insufficient credits") == 0);
}

}  // namespace

TEST_CASE("an image generation is charged n x the per-image price, exactly, once") {
  Billing b;
  std::string key = b.user("ann");
  Reply r = image(b, key, "mock/image-priced", 3);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(json::parse(r.body)["data"].size() == 3);
  const Money cost = *kImagePrice.times(3);
  CHECK(b.balance("ann") == *Money::dollars(5).minus(cost));
  CHECK(charged(b, "ann", r) == cost);
  CHECK(count_kind(b.ledger("ann"), LedgerKind::kCharge) == 1);
  auto usage = b.accounts->store().query("SELECT cost_units, route FROM usage_log");
  REQUIRE(usage->size() == 1);
  CHECK(std::get<int64_t>(usage->at(0).at(0)) == cost.units());
  CHECK(std::get<std::string>(usage->at(0).at(1)) == "/v1/images/generations");
  CHECK(b.accounts->credits().open_reservations() == 0);
}

TEST_CASE("gpt-image-1 is charged the tokens OpenAI reports; it holds the prompt and 6240 output tokens an image") {
  Billing b;
  std::string key = b.user("ann");
  // "a cat" ~ 2 tokens at $5/M, plus 6240 output tokens at $40/M.
  const Money hold = Money::from_units(2 * 50'000 + int64_t{6240} * 400'000);
  leave_available(b, "ann", *hold.minus(Money::from_units(1)), "req_in_flight");
  check_insufficient_credits(image(b, key, "gpt-image-1", 1));
  CHECK(b.net.requests().empty());
  b.accounts->credits().release("req_in_flight");

  leave_available(b, "ann", hold, "req_in_flight_2");
  b.net.respond(200, R"({"created":1,"data":[{"b64_json":"iVBO"}],"usage":{"input_tokens":7,"output_tokens":4160,
      "total_tokens":4167,"input_tokens_details":{"text_tokens":7,"image_tokens":0}}})");
  Reply r = image(b, key, "gpt-image-1", 1);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  REQUIRE(b.net.requests().size() == 1);
  CHECK(json::parse(b.net.requests()[0].body)["model"] == "gpt-image-1");
  CHECK(charged(b, "ann", r) == Money::from_units(7 * 50'000 + int64_t{4160} * 400'000));  // $0.16435
  b.accounts->credits().release("req_in_flight_2");
}

TEST_CASE("a transcription is charged its reported duration at the per-minute price, rounded up once") {
  Billing b({}, {{"OPENAI_API_KEY", "sk-test-openai"}, {"GROQ_API_KEY", "gsk-test"}});
  std::string key = b.user("ann");
  b.net.respond(200, R"({"text":"hello","usage":{"type":"duration","seconds":0.25}})");
  Reply whisper = transcribe(b, key, "whisper-1", 1'000);
  REQUIRE_MESSAGE(whisper.status == 200, whisper.body);
  CHECK(charged(b, "ann", whisper) == Money::from_units(250 * 1'000));  // $0.006/min = 1,000 units a ms
  // Groq's whisper-large-v3, $0.00185/min, answering verbose_json: 1001 ms x 308 1/3 units = 308,641.67.
  b.net.respond(200, R"({"task":"transcribe","language":"english","duration":1.001,"text":"hi","segments":[]})");
  Reply groq = transcribe(b, key, "whisper-large-v3", 1'000);
  REQUIRE_MESSAGE(groq.status == 200, groq.body);
  CHECK(b.net.requests().back().url == "https://api.groq.com/openai/v1/audio/transcriptions");
  CHECK(charged(b, "ann", groq) == Money::from_units(308'642));
  CHECK(b.balance("ann") == *Money::dollars(5).minus(Money::from_units(250'000 + 308'642)));
}

TEST_CASE("a transcription holds the upload's duration at 16 kbit/s: 402 when not covered, before any provider call") {
  Billing b;
  std::string key = b.user("ann");
  const Money hold = Money::from_units(500 * 1'000);  // 1,000 bytes -> at most 500 ms at $0.006/min
  leave_available(b, "ann", *hold.minus(Money::from_units(1)), "req_in_flight");
  check_insufficient_credits(transcribe(b, key, "whisper-1", 1'000));
  CHECK(b.net.requests().empty());
  b.accounts->credits().release("req_in_flight");
  leave_available(b, "ann", hold, "req_in_flight_2");
  b.net.respond(200, R"({"text":"hello","usage":{"type":"duration","seconds":0.1}})");
  CHECK(transcribe(b, key, "whisper-1", 1'000).status == 200);
  b.accounts->credits().release("req_in_flight_2");
}

TEST_CASE("a transcription answer that reports no duration is charged the held bound, marked estimated") {
  Billing b;
  std::string key = b.user("ann");
  b.net.respond(200, R"({"text":"hello"})");
  Reply r = transcribe(b, key, "whisper-1", 1'000);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(charged(b, "ann", r) == Money::from_units(500 * 1'000));
  auto usage = b.accounts->store().query("SELECT usage_estimated FROM usage_log");
  REQUIRE(usage->size() == 1);
  CHECK(std::get<int64_t>(usage->at(0).at(0)) == 1);
}

TEST_CASE("a user with no credits left gets 402 for images and transcriptions, and no provider is asked") {
  Billing b;
  std::string key = b.user("ann");
  REQUIRE(image(b, key, "mock/image-priced", 10).status == 200);  // $2.50
  REQUIRE(image(b, key, "mock/image-priced", 10).status == 200);  // $2.50: nothing left
  CHECK(b.balance("ann") == Money{});
  CHECK(mock_requests(b) == 2);
  check_insufficient_credits(image(b, key, "mock/image-priced", 1));
  check_insufficient_credits(image(b, key, "gpt-image-1", 1));
  check_insufficient_credits(transcribe(b, key, "whisper-1", 16));
  CHECK(mock_requests(b) == 2);
  CHECK(b.net.requests().empty());
  CHECK(count_kind(b.ledger("ann"), LedgerKind::kCharge) == 2);
  CHECK(b.accounts->credits().open_reservations() == 0);
}

TEST_CASE("a provider's 5xx on an image or a transcription is refunded in full") {
  Billing b;
  std::string key = b.user("ann");
  b.net.respond(503, R"({"error":{"message":"overloaded"}})");
  CHECK(image(b, key, "gpt-image-1", 2).status == 503);
  b.net.respond(500, R"({"error":{"message":"boom"}})");
  CHECK(transcribe(b, key, "whisper-1", 4'000).status >= 500);
  CHECK(b.balance("ann") == Money::dollars(5));
  auto entries = b.ledger("ann");
  CHECK(count_kind(entries, LedgerKind::kRefund) == 2);
  CHECK(count_kind(entries, LedgerKind::kCharge) == 0);
  CHECK(b.accounts->credits().open_reservations() == 0);
}

}  // namespace gw
