// fake_chat_backend.h - a ChatBackend for tests: answers each send() from a
// script (pieces to stream and stats, a cancellation after some pieces, or
// an error) and records every request body. With nothing scripted it echoes
// the last user message in one piece, like the mock provider. Tests only;
// single-threaded.
#pragma once

#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "cli/chat_backend.h"

namespace gw {

class FakeChatBackend : public ChatBackend {
 public:
  struct Scripted {
    std::vector<std::string> pieces;
    TurnStats stats;
    // >= 0: the user presses Ctrl-C after this many pieces arrived.
    int cancel_after = -1;
  };

  void answer(std::vector<std::string> pieces, TurnStats stats = {}) {
    script_.push_back(Scripted{std::move(pieces), std::move(stats), -1});
  }
  void cancelled_after(std::vector<std::string> pieces, int shown) {
    script_.push_back(Scripted{std::move(pieces), {}, shown});
  }
  void fail(Error e) { script_.push_back(std::move(e)); }

  Result<ChatReply> send(const nlohmann::json& body, const DeltaFn& on_delta,
                         const std::atomic<bool>& cancel) override {
    requests.push_back(body);
    if (script_.empty()) {
      std::string last = body["messages"].back()["content"].get<std::string>();
      answer({last}, TurnStats{body["model"].get<std::string>(), "mock", {}, Money(), 1});
    }
    auto next = std::move(script_.front());
    script_.pop_front();
    if (auto* e = std::get_if<Error>(&next)) return *e;
    auto& s = std::get<Scripted>(next);
    ChatReply reply;
    for (size_t i = 0; i < s.pieces.size(); ++i) {
      if (s.cancel_after >= 0 && static_cast<int>(i) == s.cancel_after) {
        reply.cancelled = true;
        break;
      }
      on_delta(s.pieces[i]);
      reply.text += s.pieces[i];
    }
    reply.stats = s.stats;
    if (!body.value("stream", false)) reply.raw = nlohmann::json{{"answer", reply.text}}.dump();
    return reply;
  }

  std::vector<nlohmann::json> requests;

 private:
  std::deque<std::variant<Scripted, Error>> script_;
};

}  // namespace gw
