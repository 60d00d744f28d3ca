// request_id_test.cc - request IDs: shape, uniqueness, time order, and which
// client-sent IDs are kept.
#include "core/base/request_id.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

namespace gw {
namespace {

bool well_formed(const std::string& id) {
  if (id.size() != 28 || id.rfind("req_", 0) != 0) return false;
  return id.find_first_not_of("0123456789abcdef", 4) == std::string::npos;
}

}  // namespace

TEST_CASE("request id: req_ and 24 lowercase hex digits, unique") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string random_id = new_request_id();
    std::string timed_id = new_request_id(1'700'000'000'000 + i);
    CHECK(well_formed(random_id));
    CHECK(well_formed(timed_id));
    seen.insert(random_id);
    seen.insert(timed_id);
  }
  CHECK(seen.size() == 2000);
}

TEST_CASE("request id: ids minted for requests sort by time, so indexes on them grow at one end") {
  CHECK(new_request_id(1'700'000'000'000).substr(4, 12) == "018bcfe56800");  // 1700000000000 in hex
  std::string earlier = new_request_id(1'700'000'000'000);
  std::string later = new_request_id(1'700'000'000'001);
  CHECK(earlier < later);
  CHECK(new_request_id(1'700'000'000'999) < new_request_id(1'700'000'001'000));
}

TEST_CASE("request id: a client's own id is kept only when it is safe to echo") {
  CHECK(is_acceptable_request_id("my-trace.42:a_b"));
  CHECK_FALSE(is_acceptable_request_id(""));
  CHECK_FALSE(is_acceptable_request_id(std::string(129, 'a')));
  CHECK_FALSE(is_acceptable_request_id("has space"));
  CHECK_FALSE(is_acceptable_request_id("new\nline"));
}

}  // namespace gw
