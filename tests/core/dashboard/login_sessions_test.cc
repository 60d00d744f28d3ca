// login_sessions_test.cc - the dashboard's login sessions: expiry, logout,
// the cap on open sessions, and the CSRF rule.
#include "core/dashboard/login_sessions.h"

#include <doctest/doctest.h>

#include "tests/support/fake_clock.h"

namespace gw {

TEST_CASE("a session is found by its id until it expires") {
  FakeClock clock;
  LoginSessions sessions(clock, /*ttl_ms=*/60'000);
  sessions.open("id-aaaaaaaaaaaaaaaa", "master-secret", "csrf-1");
  auto s = sessions.find("id-aaaaaaaaaaaaaaaa");
  REQUIRE(s);
  CHECK(s->credential == "master-secret");
  CHECK(s->csrf == "csrf-1");
  CHECK_FALSE(sessions.find("id-bbbbbbbbbbbbbbbb"));
  CHECK_FALSE(sessions.find(""));
  clock.advance_ms(59'999);
  CHECK(sessions.find("id-aaaaaaaaaaaaaaaa"));
  clock.advance_ms(1);
  CHECK_FALSE(sessions.find("id-aaaaaaaaaaaaaaaa"));
  CHECK(sessions.size() == 0);  // forgotten once found expired
}

TEST_CASE("logging out ends the session") {
  FakeClock clock;
  LoginSessions sessions(clock);
  sessions.open("id-1", "k", "c");
  sessions.close("id-1");
  CHECK_FALSE(sessions.find("id-1"));
}

TEST_CASE("past the cap the oldest session goes") {
  FakeClock clock;
  LoginSessions sessions(clock, LoginSessions::kDefaultTtlMs, /*max_sessions=*/2);
  sessions.open("first", "k", "c");
  clock.advance_ms(1);
  sessions.open("second", "k", "c");
  clock.advance_ms(1);
  sessions.open("third", "k", "c");
  CHECK(sessions.size() == 2);
  CHECK_FALSE(sessions.find("first"));
  CHECK(sessions.find("second"));
  CHECK(sessions.find("third"));
}

TEST_CASE("state-changing calls need the session's own CSRF token") {
  LoginSession s;
  s.csrf = "token-123";
  CHECK(csrf_matches(s, "token-123"));
  CHECK_FALSE(csrf_matches(s, "token-124"));
  CHECK_FALSE(csrf_matches(s, ""));
  LoginSession none;
  CHECK_FALSE(csrf_matches(none, ""));
  CHECK(changes_state("POST"));
  CHECK(changes_state("DELETE"));
  CHECK_FALSE(changes_state("GET"));
  CHECK_FALSE(changes_state("HEAD"));
}

}  // namespace gw
