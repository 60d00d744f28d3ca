// InterruptibleBackend: pieces pass through as they come, a spinner shows
// until the first one, and an interrupt returns at once with what arrived.
#include "cli/interruptible_backend.h"

#include <doctest/doctest.h>

#include <sstream>
#include <thread>

#include "tests/support/fake_chat_backend.h"

namespace gw {
namespace {

// Streams one piece, then holds the answer back until it is cancelled
// (like a provider that has gone quiet); it never finishes on its own.
class StallingBackend : public ChatBackend {
 public:
  Result<ChatReply> send(const nlohmann::json&, const DeltaFn& on_delta, const std::atomic<bool>& cancel) override {
    on_delta("first ");
    while (!cancel.load()) std::this_thread::yield();
    saw_cancel = true;
    ChatReply r;
    r.text = "first ";
    r.cancelled = true;
    return r;
  }
  std::atomic<bool> saw_cancel{false};
};

const nlohmann::json kBody = {{"model", "mock/echo"}, {"stream", true}, {"messages", nlohmann::json::array()}};

}  // namespace

TEST_CASE("interruptible: pieces and the final reply pass through from the worker") {
  FakeChatBackend inner;
  inner.answer({"a", "b", "c"}, TurnStats{"mock/echo", "mock", {1, 3, 0, 0, false}, Money(), 2});
  std::ostringstream err;
  Spinner spinner(err, false);
  InterruptibleBackend backend(inner, spinner, [] { return false; });
  std::string seen;
  std::atomic<bool> cancel{false};
  auto reply = backend.send(
      kBody, [&](std::string_view p) { seen += p; }, cancel);
  REQUIRE(reply.ok());
  CHECK(seen == "abc");
  CHECK(reply->text == "abc");
  CHECK(reply->stats.provider == "mock");
  CHECK_FALSE(reply->cancelled);
  CHECK(err.str().empty());  // spinner disabled: nothing drawn
}

TEST_CASE("interruptible: an interrupt returns the partial answer at once and cancels the worker") {
  StallingBackend inner;
  std::ostringstream err;
  Spinner spinner(err, true);
  std::string seen;
  {
    InterruptibleBackend backend(inner, spinner, [&] { return !seen.empty(); });  // Ctrl-C once text shows
    std::atomic<bool> cancel{false};
    auto reply = backend.send(
        kBody, [&](std::string_view p) { seen += p; }, cancel);
    REQUIRE(reply.ok());
    CHECK(reply->cancelled);
    CHECK(reply->text == "first ");
    CHECK(reply->stats.model == "mock/echo");
  }  // destruction waits for the worker, which has seen the cancel
  CHECK(inner.saw_cancel);
  CHECK(err.str().find("waiting for mock/echo") != std::string::npos);
  CHECK(err.str().substr(err.str().size() - 4) == "\r\033[K");  // the spinner line is erased
}

TEST_CASE("interruptible: errors from the backend come back as they are") {
  FakeChatBackend inner;
  inner.fail(make_error(ErrorKind::kNotFound, "unknown model"));
  std::ostringstream err;
  Spinner spinner(err, false);
  InterruptibleBackend backend(inner, spinner, [] { return false; });
  std::atomic<bool> cancel{false};
  auto reply = backend.send(
      kBody, [](std::string_view) {}, cancel);
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.error().kind == ErrorKind::kNotFound);
}

}  // namespace gw
