#include "core/router/router_spec.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("CM-4.1.1-4.1.4: router:general:<mode> parses as the general router in that mode") {
  CHECK(parse_router_spec("router:general:quality").value() == RouterSpec{RouterKind::kGeneral, RouterMode::kQuality});
  CHECK(parse_router_spec("router:general:cost").value() == RouterSpec{RouterKind::kGeneral, RouterMode::kCost});
  CHECK(parse_router_spec("router:general:latency").value() == RouterSpec{RouterKind::kGeneral, RouterMode::kLatency});
  CHECK(parse_router_spec("router:general:balanced").value() ==
        RouterSpec{RouterKind::kGeneral, RouterMode::kBalanced});
}

TEST_CASE("CM-4.2.1-4.2.4: router:code:<mode> parses as the code router in that mode") {
  CHECK(parse_router_spec("router:code:auto").value() == RouterSpec{RouterKind::kCode, RouterMode::kAuto});
  CHECK(parse_router_spec("router:code:agentic").value() == RouterSpec{RouterKind::kCode, RouterMode::kAgentic});
  CHECK(parse_router_spec("router:code:price").value() == RouterSpec{RouterKind::kCode, RouterMode::kPrice});
  CHECK(parse_router_spec("router:code:quality").value() == RouterSpec{RouterKind::kCode, RouterMode::kQuality});
}

TEST_CASE("a router name without a mode takes the default mode") {
  CHECK(parse_router_spec("router:general").value() == RouterSpec{RouterKind::kGeneral, RouterMode::kBalanced});
  CHECK(parse_router_spec("router:code").value() == RouterSpec{RouterKind::kCode, RouterMode::kAuto});
}

TEST_CASE("CM-4.1.8: an unknown router or mode is a 400 that lists the valid names") {
  for (const char* bad :
       {"router:general:invalid", "router:code:cost", "router:fast", "router:", "router:GENERAL:quality"}) {
    auto r = parse_router_spec(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().http_status() == 400);
    CHECK(r.error().code == "invalid_router");
    CHECK(r.error().message.find("router:general:quality, router:general:cost, router:general:latency, "
                                 "router:general:balanced, router:code:auto, router:code:price, router:code:quality, "
                                 "router:code:agentic") != std::string::npos);
  }
}

TEST_CASE("only names starting with router: are router names; the name round-trips") {
  CHECK(is_router_name("router:code:auto"));
  CHECK_FALSE(is_router_name("openai/gpt-5"));
  CHECK_FALSE(is_router_name("routers"));
  CHECK(router_name(parse_router_spec("router:code").value()) == "router:code:auto");
}

}  // namespace gw
