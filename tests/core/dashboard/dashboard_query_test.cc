// dashboard_query_test.cc - the dashboard API's query strings: filters and
// windows read, bad parameters refused by name.
#include "core/dashboard/dashboard_query.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("the requests filter reads every parameter, decoded") {
  auto f = parse_request_filter(
      "model=openai%2Fgpt-4o&provider=openai&user=bob+smith&key=key_1&status=429"
      "&since=10&until=20&before=7&limit=200");
  REQUIRE(f.ok());
  CHECK(f->model == "openai/gpt-4o");
  CHECK(f->provider == "openai");
  CHECK(f->user == "bob smith");
  CHECK(f->key_id == "key_1");
  CHECK(f->status == "429");
  CHECK(f->since_ms == 10);
  CHECK(f->until_ms == 20);
  CHECK(f->before_id == 7);
  CHECK(f->limit == 200);
}

TEST_CASE("an empty query is every request, newest 50") {
  auto f = parse_request_filter("");
  REQUIRE(f.ok());
  CHECK(f->model.empty());
  CHECK(f->since_ms == 0);
  CHECK(f->before_id == 0);
  CHECK(f->limit == 50);
  CHECK(parse_request_filter("status=ok")->status == "ok");
  CHECK(parse_request_filter("status=error")->status == "error");
}

TEST_CASE("a bad filter parameter is refused by name") {
  for (auto [query, param] : {std::pair{"status=bad", "status"},
                              {"status=-1", "status"},
                              {"since=yesterday", "since"},
                              {"until=1.5", "until"},
                              {"before=-3", "before"},
                              {"limit=0", "limit"},
                              {"limit=201", "limit"},
                              {"limit=99999999999999999999", "limit"}}) {
    const std::string q = query, p = param;
    CAPTURE(q);
    auto f = parse_request_filter(q);
    REQUIRE_FALSE(f.ok());
    CHECK(f.error().kind == ErrorKind::kInvalidRequest);
    CHECK(f.error().param == p);
  }
}

TEST_CASE("the overview query: window and breakdown") {
  auto q = parse_overview_query("", 1000);
  REQUIRE(q.ok());
  CHECK(q->window.name == std::string_view("24h"));
  CHECK_FALSE(q->by.has_value());
  CHECK(q->now_ms == 1000);
  auto by = parse_overview_query("window=7d&by=provider", 5);
  REQUIRE(by.ok());
  CHECK(by->window.name == std::string_view("7d"));
  REQUIRE(by->by.has_value());
  CHECK(*by->by == RollupDim::kProvider);
  CHECK(parse_overview_query("window=2h", 0).error().param == "window");
  CHECK(parse_overview_query("by=colour", 0).error().param == "by");
  CHECK(parse_overview_query("by=", 0).ok());  // empty: no breakdown
}

}  // namespace gw
