// StringMemo remembers recent results per owner and never returns a result
// computed for another input or another owner.
#include "core/base/string_memo.h"

#include <doctest/doctest.h>

#include <string>

namespace gw {
namespace {

struct Counting {
  int calls = 0;
  std::string operator()(std::string_view in) {
    ++calls;
    return "h(" + std::string(in) + ")";
  }
};

}  // namespace

TEST_CASE("StringMemo computes an input once and then answers it from memory") {
  StringMemo<8> memo;
  Counting f;
  CHECK(memo.get(1, "gw_key_a", std::ref(f)) == "h(gw_key_a)");
  CHECK(memo.get(1, "gw_key_a", std::ref(f)) == "h(gw_key_a)");
  CHECK(f.calls == 1);
}

TEST_CASE("StringMemo never answers one input with another's result, even when they share a slot") {
  StringMemo<1> memo;  // every input lands in the same slot
  Counting f;
  CHECK(memo.get(1, "a", std::ref(f)) == "h(a)");
  CHECK(memo.get(1, "b", std::ref(f)) == "h(b)");
  CHECK(memo.get(1, "a", std::ref(f)) == "h(a)");
  CHECK(f.calls == 3);
}

TEST_CASE("StringMemo keeps owners apart: the same input under another owner is computed again") {
  StringMemo<8> memo;
  Counting f;
  CHECK(memo.get(1, "k", std::ref(f)) == "h(k)");
  CHECK(memo.get(2, "k", [](std::string_view) { return std::string("other"); }) == "other");
  CHECK(memo.get(2, "k", std::ref(f)) == "other");  // now remembered under owner 2
  CHECK(f.calls == 1);
}

TEST_CASE("StringMemo computes inputs longer than kMaxInput every time") {
  StringMemo<8> memo;
  Counting f;
  const std::string big(StringMemo<8>::kMaxInput + 1, 'x');
  memo.get(1, big, std::ref(f));
  memo.get(1, big, std::ref(f));
  CHECK(f.calls == 2);
}

}  // namespace gw
