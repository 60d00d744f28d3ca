// ChatSessionStore: gw chat conversations saved whole and loaded back.
#include "proxy/io/chat_session_store.h"

#include <doctest/doctest.h>

#include "tests/support/fake_clock.h"

namespace gw {
namespace {

struct StoreFixture {
  std::unique_ptr<Database> db = [] {
    auto d = Database::open(":memory:");
    REQUIRE(d.ok());
    return std::move(d).value();
  }();
  FakeClock clock;
  ChatSessionStore store{*db, clock};
};

Conversation sample() {
  Conversation c;
  c.model = "openai/gpt-4o";
  c.system = "be brief";
  c.add_user("what is 2+2?");
  TurnStats s{"openai/gpt-4o", "openrouter", {12, 1, 0, 0, false}, Money::parse("0.00004"), 321};
  c.add_answer("4", s, false);
  c.add_user("and 3+3?");
  c.add_answer("6 and", {}, true);  // stopped by Ctrl-C
  return c;
}

}  // namespace

TEST_CASE("sessions: a saved conversation loads back exactly, partial answers and money included") {
  StoreFixture f;
  Conversation c = sample();
  c.name = "maths";
  REQUIRE(f.store.save(c).ok());
  auto loaded = f.store.load("maths");
  REQUIRE(loaded.ok());
  REQUIRE(loaded->has_value());
  const Conversation& l = **loaded;
  CHECK(l.name == "maths");
  CHECK(l.model == "openai/gpt-4o");
  CHECK(l.system == "be brief");
  REQUIRE(l.messages.size() == 4);
  CHECK(l.messages[1].content == "4");
  CHECK(l.messages[1].stats.provider == "openrouter");
  CHECK(l.messages[1].stats.usage.prompt_tokens == 12);
  CHECK(l.messages[1].stats.cost == Money::parse("0.00004"));
  CHECK(l.messages[1].stats.latency_ms == 321);
  CHECK(l.messages[3].partial);
  CHECK_FALSE(l.messages[3].stats.cost.has_value());
  CHECK(l.request_messages() == c.request_messages());
}

TEST_CASE("sessions: an unnamed conversation gets the next chat-N name") {
  StoreFixture f;
  Conversation a = sample(), b = sample();
  REQUIRE(f.store.save(a).ok());
  REQUIRE(f.store.save(b).ok());
  CHECK(a.name == "chat-1");
  CHECK(b.name == "chat-2");
}

TEST_CASE("sessions: saving again replaces the messages; the latest save is the one --continue finds") {
  StoreFixture f;
  Conversation first = sample(), second = sample();
  first.name = "first";
  second.name = "second";
  REQUIRE(f.store.save(first).ok());
  f.clock.advance_ms(1000);
  REQUIRE(f.store.save(second).ok());
  f.clock.advance_ms(1000);
  first.drop_last_answer();
  REQUIRE(f.store.save(first).ok());
  auto latest = f.store.load_latest();
  REQUIRE(latest.ok());
  REQUIRE(latest->has_value());
  CHECK((*latest)->name == "first");
  CHECK((*latest)->messages.size() == 3);
  auto list = f.store.list(10);
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].name == "first");
  CHECK((*list)[0].messages == 3);
  CHECK((*list)[1].name == "second");
}

TEST_CASE("sessions: missing names and an empty store are not errors") {
  StoreFixture f;
  auto none = f.store.load("nope");
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  auto latest = f.store.load_latest();
  REQUIRE(latest.ok());
  CHECK_FALSE(latest->has_value());
}

}  // namespace gw
