// E2E: images and transcriptions are billed like chat. A user's key pays the
// catalog price exactly (mock/image-priced $0.25 an image, mock/whisper-priced
// $0.006 a minute of the duration gw mock reports: 16,000 bytes a second), the
// balance, the ledger and /admin/usage agree, and once the balance cannot
// cover the hold gw answers 402 in OpenAI's format without asking the mock.
#include <doctest/doctest.h>

#include "tests/e2e/support/doors.h"
#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;
using nlohmann::json;

namespace {

httplib::Result generate(httplib::Client& c, const std::string& key, int n) {
  json body = {{"model", "mock/image-priced"}, {"prompt", "a lighthouse at dusk"}, {"n", n}};
  return c.Post("/v1/images/generations", bearer(key), body.dump(), "application/json");
}

httplib::Result transcribe(httplib::Client& c, const std::string& key, size_t audio_bytes) {
  httplib::MultipartFormDataItems items = {{"file", std::string(audio_bytes, 'a'), "talk.mp3", "audio/mpeg"},
                                           {"model", "mock/whisper-priced", "", ""}};
  return c.Post("/v1/audio/transcriptions", bearer(key), items);
}

json get(httplib::Client& c, const std::string& path) {
  auto r = c.Get(path);
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  return json_of(r);
}

int64_t mock_requests(const Stack& stack) {
  return json_of(client(stack.mock.port()).Get("/_mock/stats"))["requests"].get<int64_t>();
}

// The cost_usd of `model` in /admin/usage for `user`, once the usage log has it.
std::string usage_cost(httplib::Client& c, const std::string& user, const std::string& model) {
  std::string cost;
  eventually([&] {
    const json report = get(c, "/admin/usage?by=model&user=" + user);
    for (const json& row : report["rows"])
      if (row["key"] == model) cost = row["cost_usd"].get<std::string>();
    return !cost.empty();
  });
  return cost;
}

}  // namespace

TEST_CASE("priced images and transcriptions are charged exactly; balance, ledger and usage agree") {
  Stack stack;
  auto c = client(stack.serve.port());
  const std::string key = create_user_key(c, "ann");
  REQUIRE(!key.empty());

  auto images = generate(c, key, 4);
  REQUIRE(images);
  REQUIRE_MESSAGE(images->status == 200, images->body);
  CHECK(json_of(images)["data"].size() == 4);
  auto heard = transcribe(c, key, 48'000);  // 3 s of audio: 3,000 ms x $0.0001/s
  REQUIRE(heard);
  REQUIRE_MESSAGE(heard->status == 200, heard->body);
  CHECK(json_of(heard)["usage"]["seconds"] == 3.0);

  CHECK(get(c, "/admin/credits/ann")["balance_usd"] == "3.9997");  // $5 - $1.00 - $0.0003
  json history = get(c, "/admin/credits/ann/history")["data"];
  REQUIRE(history.size() == 3);  // newest first: the two charges, then the trial grant
  CHECK(history[0]["kind"] == "charge");
  CHECK(history[0]["request_id"] == heard->get_header_value("x-request-id"));
  CHECK(history[0]["amount_usd"] == "-0.0003");
  CHECK(history[1]["request_id"] == images->get_header_value("x-request-id"));
  CHECK(history[1]["amount_usd"] == "-1.00");
  CHECK(usage_cost(c, "ann", "mock/image-priced") == "1.00");
  CHECK(usage_cost(c, "ann", "mock/whisper-priced") == "0.0003");
}

TEST_CASE("once the balance cannot cover the hold, images and transcriptions get 402 and the provider is not asked") {
  Stack stack;
  auto c = client(stack.serve.port());
  const std::string key = create_user_key(c, "bob");
  REQUIRE(!key.empty());
  for (int i = 0; i < 2; ++i) {  // 2 x 10 images x $0.25 = the trial's $5
    auto spent = generate(c, key, 10);
    REQUIRE(spent);
    REQUIRE_MESSAGE(spent->status == 200, spent->body);
  }
  CHECK(get(c, "/admin/credits/bob")["balance_usd"] == "0.00");
  const int64_t asked = mock_requests(stack);

  auto refused = generate(c, key, 1);
  REQUIRE(refused);
  CHECK(refused->status == 402);
  json error = json_of(refused)["error"];
  CHECK(error["code"] == "insufficient_credits");
  CHECK(error["type"] == "insufficient_quota");
  CHECK(error["message"].get<std::string>().find("insufficient credits: this request may cost up to $0.25") == 0);
  CHECK(!refused->get_header_value("x-request-id").empty());
  auto deaf = transcribe(c, key, 16'000);
  REQUIRE(deaf);
  CHECK(deaf->status == 402);
  CHECK(json_of(deaf)["error"]["code"] == "insufficient_credits");
  CHECK(mock_requests(stack) == asked);
  CHECK(get(c, "/admin/credits/bob")["balance_usd"] == "0.00");
}
