// The routers' fallback down the ranking when the chosen model's providers
// all fail, the balanced utility's weights, and approximate scores shown as
// such: what x-gw-route and gw route explain tell a user.
#include <doctest/doctest.h>

#include "core/router/route_choice.h"
#include "tests/core/router/router_fixture.h"

namespace gw {
namespace {

RouteDecision decide(const std::string& name, const std::vector<RouterCandidate>& cs,
                     const RouterSettings& settings = RouterSettings{}) {
  return decide_route(parse_router_spec(name).value(), read_prompt_signals("what is a tuple?"), cs, settings).value();
}

}  // namespace

TEST_CASE("fallback moves down the ranking, at most twice, and the header says what failed and why") {
  test::RouterFixture f;
  auto d = decide("router:general:quality", f.all());  // frontier, strong, elo-only, mid, small
  REQUIRE(d.chosen == "t/frontier");
  auto next = fall_back(d, "upstream_503: provider openai answered 503");
  REQUIRE(next);
  CHECK(*next == "t/strong");
  CHECK(d.chosen == "t/strong");
  CHECK(d.runner_up == "t/elo-only");
  CHECK(d.reason == "fell back down the ranking; first pick t/frontier: highest elo 1450");
  const std::string h = route_header(d);
  CHECK(h.find("chosen=t/strong; runner_up=t/elo-only; why=fell back down the ranking, first pick t/frontier: "
               "highest elo 1450; fell_back_from=t/frontier (upstream_503: provider openai answered 503); t/strong "
               "elo=1420") != std::string::npos);
  CHECK(fall_back(d, "circuit_open: provider openai: circuit breaker is open") ==
        std::optional<std::string>("t/elo-only"));
  CHECK(d.fell_back.size() == 2);
  CHECK(route_header(d).find("fell_back_from=t/strong (circuit_open: provider openai: circuit breaker is open)") !=
        std::string::npos);
  CHECK_FALSE(fall_back(d, "again"));  // kMaxRouteFallbacks spent
  CHECK(d.chosen == "t/elo-only");
}

TEST_CASE("fallback ends when the ranking is exhausted, and never picks a model already tried") {
  test::RouterFixture f;
  auto d = decide("router:general:quality", {f.all()[0], f.all()[1]});
  REQUIRE(fall_back(d, "x"));
  CHECK(d.chosen == "t/strong");
  CHECK(d.runner_up.empty());
  CHECK_FALSE(fall_back(d, "y"));
  CHECK(d.chosen == "t/strong");
}

TEST_CASE("a sticky pick that fails falls back to the ranking's best untried model and is no longer sticky") {
  test::RouterFixture f;
  auto d = decide_route(parse_router_spec("router:general:quality").value(), read_prompt_signals("x"), f.all(),
                        RouterSettings{}, StickyChoice{"t/mid", std::nullopt})
               .value();
  REQUIRE(d.sticky);
  REQUIRE(fall_back(d, "upstream_502"));
  CHECK(d.chosen == "t/frontier");
  CHECK_FALSE(d.sticky);
}

TEST_CASE("balanced: the weights are settings; all quality picks the best, all price the cheapest") {
  test::RouterFixture f;
  RouterSettings quality_only;
  quality_only.balanced_quality = 1, quality_only.balanced_price = 0, quality_only.balanced_latency = 0;
  CHECK(decide("router:general:balanced", f.all(), quality_only).chosen == "t/frontier");
  RouterSettings price_only;
  price_only.balanced_quality = 0, price_only.balanced_price = 1, price_only.balanced_latency = 0;
  CHECK(decide("router:general:balanced", f.all(), price_only).chosen == "t/small");
  RouterSettings latency_only;
  latency_only.balanced_quality = 0, latency_only.balanced_price = 0, latency_only.balanced_latency = 1;
  CHECK(decide("router:general:balanced", f.all(), latency_only).chosen == "t/elo-only");  // prior 300 ms
  // The utility is normalised by the weights' sum: scaling them changes nothing.
  RouterSettings doubled;
  doubled.balanced_quality *= 2, doubled.balanced_price *= 2, doubled.balanced_latency *= 2;
  auto a = decide("router:general:balanced", f.all());
  auto b = decide("router:general:balanced", f.all(), doubled);
  CHECK(a.chosen == b.chosen);
  CHECK(a.ranked[0].utility == b.ranked[0].utility);
}

TEST_CASE("balanced: the documented utility, computed by hand for the fixture") {
  test::RouterFixture f;
  auto d = decide("router:general:balanced", f.all());
  // t/frontier: Q = 1, C = 0 (the dearest), L = 0 (the slowest prior): utility = wQ / (wQ + wC + wL).
  RouterSettings s;
  const double expected =
      double(s.balanced_quality) / double(s.balanced_quality + s.balanced_price + s.balanced_latency);
  bool seen = false;
  for (const auto& r : d.ranked)
    if (r.id == "t/frontier") {
      seen = true;
      CHECK(r.utility == doctest::Approx(expected).epsilon(1e-6));
    }
  CHECK(seen);
}

TEST_CASE("an approximate score is marked with ~ in the header; an exact one with =") {
  Catalog catalog = Catalog::parse(test::kFixtureCatalog, "{}").value();
  const char* scores = R"({"sources":{"a":"arena test","s":"swe test"},"models":[
 {"id":"t/frontier","general":1450,"general_source":"a","general_date":"2025-09","general_approx":true,"latency_ms":4000},
 {"id":"t/strong","general":1420,"general_source":"a","general_date":"2025-09","latency_ms":2000}]})";
  ScoreTable table = ScoreTable::parse(scores, catalog).value();
  REQUIRE(table.find("t/frontier")->general->approx);
  CHECK_FALSE(table.find("t/strong")->general->approx);
  std::vector<RouterCandidate> cs;
  for (const auto& m : table.models()) cs.push_back(RouterCandidate{catalog.find(m.model_id), &m, {}});
  auto d = decide("router:general:quality", cs);
  CHECK(d.ranked[0].approx);
  const std::string h = route_header(d);
  CHECK(h.find("t/frontier elo~1450 ") != std::string::npos);
  CHECK(h.find("t/strong elo=1420 ") != std::string::npos);
  const char* bad = R"({"sources":{"a":"x"},"models":[
 {"id":"t/frontier","general":1450,"general_source":"a","general_date":"2025-09","general_approx":"yes","latency_ms":4000}]})";
  auto refused = ScoreTable::parse(bad, catalog);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("general_approx must be true or false") != std::string::npos);
}

}  // namespace gw
