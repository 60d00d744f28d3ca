// A provider whose usage counts cannot be billed (beyond kMaxTokenCount, or
// beyond int64 altogether) is charged the request's hold, never nothing:
// before, such counts made the cost fall back to zero.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/catalog/catalog.h"
#include "core/catalog/pricing.h"
#include "core/dialects/chat_request.h"
#include "tests/support/billing_fixture.h"

using nlohmann::json;

namespace gw {
namespace {

const json kAsk = {{"model", "gpt-4o"}, {"max_tokens", 10}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};

// What pre-flight holds for kAsk: every prompt token and all 10 completion tokens.
Money hold_of_ask() {
  const CatalogModel* m = Catalog::builtin().find("openai/gpt-4o");
  REQUIRE(m != nullptr);
  auto price = billing_price(*m);
  REQUIRE(price.ok());
  Usage worst;
  worst.prompt_tokens = parse_chat_request(kAsk.dump())->prompt_tokens_estimate;
  worst.completion_tokens = 10;
  return *usage_cost(*price, worst);
}

std::string answer_with_usage(const std::string& usage) {
  return R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":)" +
         usage + "}";
}

}  // namespace

TEST_CASE("usage counts too large to bill charge the hold, not nothing") {
  for (const char* usage :
       {R"({"prompt_tokens":1e30,"completion_tokens":1})",
        R"({"prompt_tokens":9223372036854775808,"completion_tokens":1})",
        R"({"prompt_tokens":9223372036854775807,"completion_tokens":1})",
        R"({"prompt_tokens":3,"completion_tokens":18446744073709551615})",
        R"({"prompt_tokens":3,"completion_tokens":1,"prompt_tokens_details":{"cached_tokens":1e300}})"}) {
    INFO(usage);
    Billing b;
    std::string key = b.user("ann");
    b.net.respond(200, answer_with_usage(usage));
    Reply r = b.chat(key, kAsk);
    REQUIRE(r.status == 200);
    CHECK(b.balance("ann") == *Money::dollars(5).minus(hold_of_ask()));
    auto entries = b.ledger("ann");
    REQUIRE(count_kind(entries, LedgerKind::kCharge) == 1);
    CHECK(entries[0].allowance_delta == -hold_of_ask());
  }
}

TEST_CASE("usage counts within range are still billed exactly") {
  Billing b;
  std::string key = b.user("ann");
  b.net.respond(200, answer_with_usage(R"({"prompt_tokens":3,"completion_tokens":1})"));
  REQUIRE(b.chat(key, kAsk).status == 200);
  CHECK(b.balance("ann") == *Money::dollars(5).minus(Money::from_units(3 * 25'000 + 1 * 100'000)));
}

}  // namespace gw
