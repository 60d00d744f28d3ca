// The in-process semantic index (core/cache/memory_semantic_index.h):
// nearest questions by cosine within one context only, LRU and TTL at their
// boundaries on a fake clock, broken vectors refused.
#include "core/cache/memory_semantic_index.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "tests/support/fake_clock.h"

namespace gw {
namespace {

SemanticEntry entry(std::string context, std::string key, std::vector<float> v) {
  std::string prompt = "prompt of " + key;
  return SemanticEntry{std::move(context), std::move(key), std::move(prompt), *unit_vector(v)};
}

std::vector<float> unit(std::vector<float> v) { return *unit_vector(v); }

std::vector<std::string> keys(const std::vector<SemanticCandidate>& found) {
  std::vector<std::string> out;
  for (const auto& c : found) out.push_back(c.answer_key);
  return out;
}

}  // namespace

TEST_CASE("semantic index: the nearest questions above the threshold, most similar first") {
  FakeClock clock;
  MemorySemanticIndex index(clock, {});
  index.insert(entry("ctx", "a", {1, 0, 0}));
  index.insert(entry("ctx", "b", {1, 0.2f, 0}));
  index.insert(entry("ctx", "c", {0, 1, 0}));
  auto found = index.nearest("ctx", unit({1, 0.1f, 0}), 0.9f, 4);
  CHECK(keys(found) == std::vector<std::string>{"b", "a"});
  CHECK(found[0].similarity > found[1].similarity);
  CHECK(found[0].prompt == "prompt of b");
  CHECK(keys(index.nearest("ctx", unit({1, 0.1f, 0}), 0.9f, 1)) == std::vector<std::string>{"b"});
  CHECK(index.nearest("ctx", unit({0, 0, 1}), 0.5f, 4).empty());
}

TEST_CASE("semantic index: another context never matches, nor does a vector of another length") {
  FakeClock clock;
  MemorySemanticIndex index(clock, {});
  index.insert(entry("tenant A", "a", {1, 0}));
  CHECK(index.nearest("tenant B", unit({1, 0}), 0.5f, 4).empty());
  CHECK(index.nearest("tenant A", unit({1, 0, 0}), 0.5f, 4).empty());
  index.insert(entry("tenant A", "odd", {1, 0, 0}));  // not comparable: refused
  CHECK(index.size() == 1);
}

TEST_CASE("semantic index: an entry is served until its TTL, then dropped") {
  FakeClock clock;
  MemorySemanticIndex index(clock, {.max_entries = 10, .ttl_ms = 1000});
  index.insert(entry("ctx", "a", {1, 0}));
  clock.advance_ms(999);
  CHECK(index.nearest("ctx", unit({1, 0}), 0.5f, 4).size() == 1);
  clock.advance_ms(1);
  CHECK(index.nearest("ctx", unit({1, 0}), 0.5f, 4).empty());
  CHECK(index.size() == 0);
}

TEST_CASE("semantic index: past max_entries the least recently used goes first") {
  FakeClock clock;
  MemorySemanticIndex index(clock, {.max_entries = 3, .ttl_ms = 60'000});
  index.insert(entry("ctx", "a", {1, 0, 0}));
  index.insert(entry("other", "b", {0, 1, 0}));
  index.insert(entry("ctx", "c", {0, 0, 1}));
  index.touch("a");  // a is used; b is now the oldest
  index.insert(entry("ctx", "d", {1, 1, 0}));
  CHECK(index.size() == 3);
  CHECK(index.nearest("other", unit({0, 1, 0}), 0.5f, 4).empty());
  CHECK(keys(index.nearest("ctx", unit({1, 0, 0}), 0.99f, 4)) == std::vector<std::string>{"a"});
  CHECK(keys(index.nearest("ctx", unit({0, 0, 1}), 0.99f, 4)) == std::vector<std::string>{"c"});
  // The same answer stored again replaces its entry.
  index.insert(entry("ctx", "c", {0, 1, 1}));
  CHECK(index.size() == 3);
  CHECK(index.nearest("ctx", unit({0, 0, 1}), 0.99f, 4).empty());
}

TEST_CASE("semantic index: zero, empty and non-finite vectors are not embeddings") {
  CHECK_FALSE(unit_vector(std::vector<float>{}).has_value());
  CHECK_FALSE(unit_vector(std::vector<float>{0, 0}).has_value());
  CHECK_FALSE(unit_vector(std::vector<float>{1, NAN}).has_value());
  auto u = unit_vector(std::vector<float>{3, 4});
  REQUIRE(u);
  CHECK((*u)[0] == doctest::Approx(0.6));
}

}  // namespace gw

namespace gw {

TEST_CASE("semantic index: forgetting answers removes their questions, the rest of the row block intact") {
  FakeClock clock;
  MemorySemanticIndex index(clock, {.max_entries = 10, .ttl_ms = 60'000});
  index.insert(entry("ctx", "a", {1, 0, 0}));
  index.insert(entry("ctx", "b", {0, 1, 0}));
  index.insert(entry("ctx", "c", {0, 0, 1}));
  const std::vector<std::string> gone = {"a", "missing"};
  index.forget(gone);
  CHECK(index.size() == 2);
  CHECK(index.nearest("ctx", unit({1, 0, 0}), 0.99f, 4).empty());
  // The row moved into a's place still answers as itself.
  CHECK(keys(index.nearest("ctx", unit({0, 0, 1}), 0.99f, 4)) == std::vector<std::string>{"c"});
  CHECK(keys(index.nearest("ctx", unit({0, 1, 0}), 0.99f, 4)) == std::vector<std::string>{"b"});
}

}  // namespace gw
