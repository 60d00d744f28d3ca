// session_cookie_test.cc - the session cookie and CSV fields.
#include "core/dashboard/session_cookie.h"

#include <doctest/doctest.h>

#include "core/dashboard/csv_field.h"

namespace gw {

TEST_CASE("the session cookie is found among others") {
  CHECK(session_cookie_value("gw_session=abc") == "abc");
  CHECK(session_cookie_value("theme=dark; gw_session=abc123 ; other=1") == "abc123");
  CHECK(session_cookie_value("gw_sessionx=1; xgw_session=2") == "");
  CHECK(session_cookie_value("") == "");
  CHECK(session_cookie_value("garbage") == "");
}

TEST_CASE("the cookie is HttpOnly and SameSite=Strict; logout clears it") {
  std::string set = set_session_cookie("abc", 3600);
  CHECK(set.find("gw_session=abc") == 0);
  CHECK(set.find("HttpOnly") != std::string::npos);
  CHECK(set.find("SameSite=Strict") != std::string::npos);
  CHECK(set.find("Max-Age=3600") != std::string::npos);
  CHECK(clear_session_cookie().find("Max-Age=0") != std::string::npos);
}

TEST_CASE("CSV fields: quoting, and no formulas for spreadsheets") {
  CHECK(csv_field("openai/gpt-4o") == "openai/gpt-4o");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0");
  CHECK(csv_field("-0.25") == "-0.25");
  CHECK(csv_field("") == "");
}

}  // namespace gw
