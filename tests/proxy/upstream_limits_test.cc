// What gw reads from a provider is bounded: a whole answer past
// kMaxUpstreamBodyBytes (64 MiB) and a stream event past kMaxSseEventBytes
// (1 MiB) are a 502 to the caller, never memory without limit.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/http/sse.h"
#include "tests/support/gateway_harness.h"

using nlohmann::json;

namespace gw {

TEST_CASE("upstream limits: a whole answer larger than 64 MiB is a 502") {
  GatewayHarness h;
  h.net.respond(200, std::string(kMaxUpstreamBodyBytes + 1, ' '));
  Reply r = h.ask("gpt-4o");
  CHECK(r.status == 502);
  CHECK(json::parse(r.body)["error"]["message"].get<std::string>().find("larger than") != std::string::npos);
}

TEST_CASE("upstream limits: a stream event larger than 1 MiB ends the stream with an error") {
  GatewayHarness h;
  std::string huge = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + std::string(kMaxSseEventBytes, 'x');
  h.net.respond_stream(200,
                       {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n", huge, "\"}}]}\n\n"});
  Reply r = h.chat({{"model", "gpt-4o"}, {"stream", true}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}});
  REQUIRE(r.status == 200);
  StreamStep last;
  std::string all = GatewayHarness::drain(r, &last);
  CHECK(last == StreamStep::kAbort);
  CHECK(all.find("larger than") != std::string::npos);
  CHECK(all.size() < kMaxSseEventBytes);  // the huge event never reached the client
}

}  // namespace gw
