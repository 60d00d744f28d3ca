// Tests for core/base/error.h: the one table of error kinds, the client-facing
// error bodies in both dialects, and how upstream statuses are classified.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/base/error.h"

namespace gw {
namespace {

using nlohmann::json;

constexpr int kKindCount = static_cast<int>(ErrorKind::kCassetteMiss) + 1;

json parsed(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  REQUIRE_MESSAGE(!j.is_discarded(), body);
  return j;
}

}  // namespace

TEST_CASE("error table: one row per error kind, in enum order") {
  REQUIRE(error_table_end() - error_table_begin() == kKindCount);
  int i = 0;
  for (const ErrorInfo* row = error_table_begin(); row != error_table_end(); ++row, ++i) {
    CAPTURE(i);
    CHECK(static_cast<int>(row->kind) == i);
    CHECK(&error_info(static_cast<ErrorKind>(i)) == row);
  }
}

TEST_CASE("error table: every row is complete and names are unique") {
  std::set<std::string_view> names;
  for (const ErrorInfo* row = error_table_begin(); row != error_table_end(); ++row) {
    CAPTURE(row->name);
    CHECK(names.insert(row->name).second);
    CHECK(row->http_status >= 400);
    CHECK(row->http_status <= 599);
    CHECK(!row->openai_type.empty());
    CHECK(!row->anthropic_type.empty());
    CHECK(!row->meaning.empty());
    CHECK(row->exit_code > 1);  // 0 is success, 1 is left for crashes
  }
}

TEST_CASE("error table: the statuses clients see for common failures") {
  CHECK(make_error(ErrorKind::kInvalidRequest, "x").http_status() == 400);
  CHECK(make_error(ErrorKind::kUnauthorized, "x").http_status() == 401);
  CHECK(make_error(ErrorKind::kPaymentRequired, "x").http_status() == 402);
  CHECK(make_error(ErrorKind::kNotFound, "x").http_status() == 404);
  CHECK(make_error(ErrorKind::kRateLimited, "x").http_status() == 429);
  CHECK(make_error(ErrorKind::kUpstreamError, "x").http_status() == 502);
  CHECK(make_error(ErrorKind::kUnavailable, "x").http_status() == 503);
  CHECK(make_error(ErrorKind::kUpstreamTimeout, "x").http_status() == 504);
}

TEST_CASE("error table: usage errors exit 64 and unavailable services exit 69") {
  CHECK(make_error(ErrorKind::kUsage, "x").exit_code() == 64);
  CHECK(make_error(ErrorKind::kUnavailable, "x").exit_code() == 69);
}

TEST_CASE("openai error body: has message, type, param and code") {
  Error e = make_error(ErrorKind::kNotFound, "The model 'x' does not exist", "model_not_found", "model");
  json j = parsed(openai_error_body(e));
  REQUIRE(j.contains("error"));
  REQUIRE(j["error"].is_object());
  CHECK(j.size() == 1);
  const json& err = j["error"];
  CHECK(err["message"] == "The model 'x' does not exist");
  CHECK(err["type"] == "invalid_request_error");
  CHECK(err["param"] == "model");
  CHECK(err["code"] == "model_not_found");
}

TEST_CASE("openai error body: param is null and code falls back to the kind name when unset") {
  json j = parsed(openai_error_body(make_error(ErrorKind::kRateLimited, "slow down")));
  const json& err = j["error"];
  REQUIRE(err.contains("param"));
  CHECK(err["param"].is_null());
  CHECK(err["code"] == "rate_limited");
  CHECK(err["type"] == "rate_limit_error");
}

TEST_CASE("openai error body: messages with quotes and newlines stay valid JSON") {
  std::string message = "bad \"model\"\nline two \\ end";
  json j = parsed(openai_error_body(make_error(ErrorKind::kInvalidRequest, message)));
  CHECK(j["error"]["message"] == message);
}

TEST_CASE("anthropic error body: type error wrapping the error type and message") {
  json j = parsed(anthropic_error_body(make_error(ErrorKind::kNotFound, "no such model", "model_not_found")));
  CHECK(j["type"] == "error");
  REQUIRE(j["error"].is_object());
  CHECK(j["error"]["type"] == "not_found_error");
  CHECK(j["error"]["message"] == "no such model");

  json overloaded = parsed(anthropic_error_body(make_error(ErrorKind::kUnavailable, "busy")));
  CHECK(overloaded["error"]["type"] == "overloaded_error");
  json limited = parsed(anthropic_error_body(make_error(ErrorKind::kRateLimited, "slow")));
  CHECK(limited["error"]["type"] == "rate_limit_error");
}

TEST_CASE("upstream status: each provider status maps to what gw reports") {
  CHECK(kind_for_upstream_status(400) == ErrorKind::kInvalidRequest);
  CHECK(kind_for_upstream_status(401) == ErrorKind::kUpstreamError);  // gw's provider key, not the caller's
  CHECK(kind_for_upstream_status(404) == ErrorKind::kNotFound);
  CHECK(kind_for_upstream_status(429) == ErrorKind::kRateLimited);
  CHECK(kind_for_upstream_status(500) == ErrorKind::kUpstreamError);
  CHECK(kind_for_upstream_status(502) == ErrorKind::kUpstreamError);
  CHECK(kind_for_upstream_status(503) == ErrorKind::kUnavailable);
  CHECK(kind_for_upstream_status(504) == ErrorKind::kUpstreamTimeout);
}

TEST_CASE("upstream status: a provider auth failure is never reported as the caller's 401") {
  for (int status : {401, 402, 403}) {
    CAPTURE(status);
    CHECK(error_info(kind_for_upstream_status(status)).http_status == 502);
  }
}

TEST_CASE("cassette miss: a kind of its own that no provider status can produce") {
  for (int status = 100; status < 600; ++status) {
    CAPTURE(status);
    CHECK(kind_for_upstream_status(status) != ErrorKind::kCassetteMiss);
  }
  CHECK(kind_for_gw_status(404) == ErrorKind::kNotFound);  // a 404 a server sent is not a miss either
  Error miss = make_error(ErrorKind::kCassetteMiss, "cassette miss: ...");
  CHECK(miss.http_status() == 404);
  CHECK(miss.exit_code() == 66);
  json openai = parsed(openai_error_body(miss));
  CHECK(openai["error"]["type"] == "invalid_request_error");
  CHECK(openai["error"]["code"] == "cassette_miss");
  CHECK(parsed(anthropic_error_body(miss))["error"]["type"] == "not_found_error");
}

}  // namespace gw

TEST_CASE("error table: a status gw answered with maps back to its kind") {
  CHECK(gw::kind_for_gw_status(404) == gw::ErrorKind::kNotFound);
  CHECK(gw::kind_for_gw_status(402) == gw::ErrorKind::kPaymentRequired);
  CHECK(gw::kind_for_gw_status(503) == gw::ErrorKind::kUnavailable);
  CHECK(gw::kind_for_gw_status(599) == gw::ErrorKind::kUpstreamError);
  CHECK(gw::kind_for_gw_status(418) == gw::ErrorKind::kInvalidRequest);
}
