// A stream that carries no answer ("data: [DONE]" alone, or only keep-alive
// comments) is no answer: it fails over like a refused request, and when no
// provider answers the caller gets an error in its dialect and is not
// charged (docs/accounts.md: "cut or empty streams are not charged").
// Before, "data: [DONE]" alone was answered 200 and charged the prompt
// estimate.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/billing_fixture.h"
#include "tests/support/gateway_harness.h"

using nlohmann::json;

namespace gw {
namespace {

json streamed_ask() {
  return {
      {"model", "gpt-4o"}, {"stream", true}, {"max_tokens", 10}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
}

const std::string kContent = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hello\"}}]}\n\n";

}  // namespace

TEST_CASE("empty stream: [DONE] alone fails over to the next provider") {
  GatewayHarness h;
  h.net.respond_stream(200, {"data: [DONE]\n\n"});
  h.net.respond_stream(200, {kContent, "data: [DONE]\n\n"});
  Reply r = h.chat(streamed_ask());
  CHECK(r.status == 200);
  CHECK(r.headers.get("x-gw-provider") == "openrouter");
  CHECK(GatewayHarness::drain(r).find("hello") != std::string::npos);
}

TEST_CASE("empty stream: when every provider sends one, an error in the caller's dialect, not a 200") {
  GatewayHarness h;
  h.net.respond_stream(200, {": keep-alive\n\n", "data: [DONE]\n\n"});
  h.net.respond_stream(200, {"data: [DONE]\r\n\r\n"});
  Reply r = h.chat(streamed_ask());
  CHECK(r.status == 502);
  CHECK_FALSE(r.next_chunk);
  json e = json::parse(r.body);
  CHECK(e["error"]["message"].get<std::string>().find("empty stream") != std::string::npos);
}

TEST_CASE("empty stream: comments before the first event are passed on with it") {
  GatewayHarness h;
  h.net.respond_stream(200,
                       {": OPENROUTER PROCESSING\n\n", ": OPENROUTER PROCESSING\n\n", kContent, "data: [DONE]\n\n"});
  Reply r = h.chat(streamed_ask());
  REQUIRE(r.status == 200);
  std::string all = GatewayHarness::drain(r);
  CHECK(all.rfind(": OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\n", 0) == 0);
  CHECK(all.find("hello") != std::string::npos);
}

TEST_CASE("empty stream: [DONE] alone is not charged") {
  Billing b;
  std::string key = b.user("ann");
  b.net.respond_stream(200, {"data: [DONE]\n\n"});
  b.net.respond_stream(200, {"data: [DONE]\n\n"});
  Reply r = b.chat(key, streamed_ask());
  CHECK(r.status == 502);
  CHECK(b.balance("ann") == Money::dollars(5));
  auto entries = b.ledger("ann");
  CHECK(count_kind(entries, LedgerKind::kRefund) == 1);
  CHECK(count_kind(entries, LedgerKind::kCharge) == 0);
}

}  // namespace gw
