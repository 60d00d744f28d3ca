#include "core/router/route_choice.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "tests/core/router/router_fixture.h"

namespace gw {
namespace {

RouteDecision decide(const std::string& name, const std::string& prompt, const std::vector<RouterCandidate>& cs,
                     const std::optional<StickyChoice>& previous = std::nullopt) {
  return decide_route(parse_router_spec(name).value(), read_prompt_signals(prompt), cs, RouterSettings{}, previous)
      .value();
}

const std::string kSimple = "what is the syntax for a ternary in go?";
const std::string kModerate = "why does this loop never end?\n```c\nwhile (i < n) { sum += a[i]; }\n```";
const std::string kComplex = "refactor the scheduler to remove the race condition between src/a.cc and src/b.cc";

}  // namespace

TEST_CASE("CM-4.1.5: general quality picks the highest benchmark score") {
  test::RouterFixture f;
  auto d = decide("router:general:quality", kSimple, f.all());
  CHECK(d.chosen == "t/frontier");
  CHECK(d.runner_up == "t/strong");
  CHECK(d.reason == "highest elo 1450");
}

TEST_CASE("CM-4.1.6: general cost picks the cheapest model at or above the quality floor") {
  test::RouterFixture f;
  auto d = decide("router:general:cost", kSimple, f.all());  // floor 1350: t/small (1340) is below it
  CHECK(d.chosen == "t/mid");
  CHECK(d.reason == "cheapest $0.8750/M with elo>=1350");
  RouterSettings low;
  low.general_floor = 1300;
  auto cheaper =
      decide_route(parse_router_spec("router:general:cost").value(), read_prompt_signals(kSimple), f.all(), low);
  CHECK(cheaper.value().chosen == "t/small");
}

TEST_CASE("CM-4.1.7: general latency picks the lowest p50, measured once there are enough samples") {
  test::RouterFixture f;
  auto cs = f.all();
  auto d = decide("router:general:latency", kSimple, cs);
  CHECK(d.chosen == "t/elo-only");  // prior 300 ms
  CHECK(d.reason == "lowest p50 300ms (prior: 0 of 5 answers measured)");
  for (auto& c : cs)
    if (c.model->id == "t/mid") c.measured = AnswerLatency{90, 10, 120, 10};  // measured faster
    else if (c.model->id == "t/elo-only") c.measured = AnswerLatency{400, 10, 900, 10};
  d = decide("router:general:latency", kSimple, cs);
  CHECK(d.chosen == "t/mid");
  CHECK(d.reason == "lowest p50 120ms (measured over 10 answers)");
  CHECK(route_header(d).find("t/mid elo=1380 $0.8750/M p50=120ms(n=10) ttft=90ms(n=10)") != std::string::npos);
  for (auto& c : cs)
    if (c.model->id == "t/small") c.measured = AnswerLatency{5, 4, 10, 4};  // too few samples: its prior (400) stands
  d = decide("router:general:latency", kSimple, cs);
  CHECK(d.chosen == "t/mid");
  auto small = std::find_if(d.ranked.begin(), d.ranked.end(), [](const RankedModel& r) { return r.id == "t/small"; });
  REQUIRE(small != d.ranked.end());
  CHECK(small->latency_ms == 400);
  CHECK_FALSE(small->measured);
  CHECK(small->samples == 4);
  RouterSettings fewer;
  fewer.latency_samples = 4;  // the threshold is a setting: now its 10 ms counts
  auto four =
      decide_route(parse_router_spec("router:general:latency").value(), read_prompt_signals(kSimple), cs, fewer);
  CHECK(four.value().chosen == "t/small");
}

TEST_CASE("a prior used for lack of samples says how many answers were measured, in the header too") {
  test::RouterFixture f;
  auto cs = f.all();
  for (auto& c : cs)
    if (c.model->id == "t/elo-only") c.measured = AnswerLatency{0, 0, 250, 2};
  auto d = decide("router:general:latency", kSimple, cs);
  CHECK(d.chosen == "t/elo-only");
  CHECK(d.reason == "lowest p50 300ms (prior: 2 of 5 answers measured)");
  CHECK(route_header(d).find("t/elo-only elo=1400 $1.0000/M p50=300ms(prior, n=2<5)") != std::string::npos);
}

TEST_CASE("general balanced weighs quality, price and latency by the documented utility") {
  test::RouterFixture f;
  auto d = decide("router:general:balanced", kSimple, f.all());
  CHECK(d.chosen == "t/elo-only");
  CHECK(d.ranked[0].utility > d.ranked[1].utility);
  CHECK(d.reason.rfind("highest utility ", 0) == 0);
  CHECK(route_header(d).find(" u=") != std::string::npos);
}

TEST_CASE("CM-4.2.5: code quality ranks by the SWE-bench score, not the general one") {
  test::RouterFixture f;
  auto d = decide("router:code:quality", kSimple, f.all());
  CHECK(d.chosen == "t/frontier");
  CHECK(d.ranked.size() == 4);  // t/elo-only has no code score
  CHECK(d.ranked[0].score == 78);
  CHECK(d.reason == "highest code 78");
}

TEST_CASE("CM-4.2.7: a higher tier maps to a more capable model (code auto)") {
  test::RouterFixture f;
  auto simple = decide("router:code:auto", kSimple, f.all());
  auto moderate = decide("router:code:auto", kModerate, f.all());
  auto complex = decide("router:code:auto", kComplex, f.all());
  CHECK(*simple.tier == CodeTier::kSimple);
  CHECK(simple.chosen == "t/small");  // cheapest, floor 0
  CHECK(*moderate.tier == CodeTier::kModerate);
  CHECK(moderate.chosen == "t/mid");  // cheapest with code >= 45
  CHECK(moderate.reason == "cheapest $0.8750/M with code>=45");
  CHECK(*complex.tier == CodeTier::kComplex);
  CHECK(complex.chosen == "t/frontier");  // complex: the best
}

TEST_CASE("code price picks the cheapest good enough for the tier; without one it says so") {
  test::RouterFixture f;
  CHECK(decide("router:code:price", kComplex, f.all()).chosen == "t/strong");  // cheapest with code >= 60
  auto d = decide("router:code:price", kComplex, f.without("t/strong"));
  CHECK(d.chosen == "t/frontier");
  d = decide("router:code:price", kComplex, {f.all()[2], f.all()[3]});  // t/mid 58, t/small 30: none >= 60
  CHECK(d.chosen == "t/small");
  CHECK(d.reason == "no candidate reaches code>=60; cheapest of the rest");
}

TEST_CASE("code agentic prefers tool-using long-context models, then the score") {
  test::RouterFixture f;
  auto d = decide("router:code:agentic", kSimple, f.all());
  CHECK(d.chosen == "t/frontier");
  d = decide("router:code:agentic", kSimple, f.without("t/frontier"));
  CHECK(d.chosen == "t/strong");
  CHECK(d.reason == "best code 72 among tool-using long-context models");
}

TEST_CASE("no candidate is a 503 naming the router") {
  auto d = decide_route(parse_router_spec("router:code:auto").value(), read_prompt_signals("x"), {}, RouterSettings{});
  REQUIRE_FALSE(d);
  CHECK(d.error().http_status() == 503);
  CHECK(d.error().message.find("router:code:auto") != std::string::npos);
}

TEST_CASE("stickiness keeps the earlier model unless the tier rises") {
  test::RouterFixture f;
  auto kept = decide("router:code:auto", kSimple, f.all(), StickyChoice{"t/mid", CodeTier::kModerate});
  CHECK(kept.chosen == "t/mid");
  CHECK(kept.sticky);
  CHECK(kept.runner_up == "t/small");  // the fresh pick
  auto risen = decide("router:code:auto", kComplex, f.all(), StickyChoice{"t/mid", CodeTier::kModerate});
  CHECK(risen.chosen == "t/frontier");
  CHECK_FALSE(risen.sticky);
  auto gone = decide("router:code:auto", kSimple, f.without("t/mid"), StickyChoice{"t/mid", CodeTier::kModerate});
  CHECK(gone.chosen == "t/small");  // the kept model is no longer a candidate
  CHECK(decide("router:general:quality", kSimple, f.all(), StickyChoice{"t/mid", std::nullopt}).chosen == "t/mid");
}

TEST_CASE("the header carries router, tier, chosen, runner-up and the deciding numbers on one ASCII line") {
  test::RouterFixture f;
  auto h = route_header(decide("router:code:auto", kModerate, f.all()));
  CHECK(h ==
        "router=code:auto; tier=moderate (code_blocks=1>=1); chosen=t/mid; runner_up=t/strong; why=cheapest "
        "$0.8750/M with code>=45; t/mid code=58 $0.8750/M p50=1000ms(prior); t/strong code=72 $6.0000/M "
        "p50=2000ms(prior); sticky=no");
  CHECK(route_summary(decide("router:code:auto", kModerate, f.all())) == "code:auto moderate");
}

}  // namespace gw
