// What a request may do with the response cache (core/cache/cache_directive.h).
#include "core/cache/cache_directive.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

const char* kZero = R"({"model":"m","temperature":0,"messages":[]})";

CacheDirective directive(CacheMode mode, std::string_view body, Headers h = {}) {
  auto d = cache_directive(mode, body, h);
  REQUIRE(d.ok());
  return *d;
}

Headers with(std::string name, std::string value) {
  Headers h;
  h.add(std::move(name), std::move(value));
  return h;
}

}  // namespace

TEST_CASE("cache directive: deterministic mode takes temperature 0 or a seed, nothing else") {
  CHECK(directive(CacheMode::kDeterministic, kZero).read);
  CHECK(directive(CacheMode::kDeterministic, R"({"temperature":0.0})").write);
  CHECK(directive(CacheMode::kDeterministic, R"({"temperature":0.7,"seed":42})").read);
  CHECK_FALSE(directive(CacheMode::kDeterministic, R"({"temperature":0.7})").cacheable());
  CHECK_FALSE(directive(CacheMode::kDeterministic, R"({"messages":[]})").cacheable());  // providers default to 1
  CHECK_FALSE(directive(CacheMode::kDeterministic, R"({"seed":"42"})").cacheable());
  CHECK(directive(CacheMode::kAll, R"({"temperature":1})").cacheable());
  CHECK_FALSE(directive(CacheMode::kOff, kZero).cacheable());
}

TEST_CASE("cache directive: Cache-Control no-cache skips the read, no-store the write, max-age bounds the age") {
  auto d = directive(CacheMode::kAll, kZero, with("Cache-Control", "no-cache"));
  CHECK_FALSE(d.read);
  CHECK(d.write);
  d = directive(CacheMode::kAll, kZero, with("cache-control", " No-Store , max-age=30"));
  CHECK(d.read);
  CHECK_FALSE(d.write);
  REQUIRE(d.max_age_s);
  CHECK(*d.max_age_s == 30);
  CHECK_FALSE(directive(CacheMode::kAll, kZero, with("Cache-Control", "max-age=-1")).max_age_s);
  CHECK_FALSE(directive(CacheMode::kAll, kZero, with("Cache-Control", "max-age=1x")).max_age_s);
  CHECK(directive(CacheMode::kAll, kZero, with("Cache-Control", "private, must-revalidate")).read);
}

TEST_CASE("cache directive: x-gw-cache off, read or write; anything else is a 400 naming the header") {
  CHECK_FALSE(directive(CacheMode::kAll, kZero, with("x-gw-cache", "off")).cacheable());
  auto read = directive(CacheMode::kAll, kZero, with("X-GW-Cache", "read"));
  CHECK(read.read);
  CHECK_FALSE(read.write);
  auto write = directive(CacheMode::kAll, kZero, with("x-gw-cache", "write"));
  CHECK_FALSE(write.read);
  CHECK(write.write);
  auto bad = cache_directive(CacheMode::kAll, kZero, with("x-gw-cache", "maybe"));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().kind == ErrorKind::kInvalidRequest);
  CHECK(bad.error().param == "x-gw-cache");
}

TEST_CASE("cache directive: the mode's names") {
  CHECK(*parse_cache_mode("deterministic") == CacheMode::kDeterministic);
  CHECK(*parse_cache_mode("all") == CacheMode::kAll);
  CHECK(*parse_cache_mode("off") == CacheMode::kOff);
  CHECK_FALSE(parse_cache_mode("on").ok());
}

}  // namespace gw
