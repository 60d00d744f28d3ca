// interruptible_backend.h - keeps the terminal responsive while an answer is
// on its way. It runs another backend's send() on a worker thread; the
// calling thread shows a spinner until the first piece arrives, hands pieces
// to on_delta as they come, and polls `interrupted` (Ctrl-C) every tick. On
// an interrupt it returns at once with what arrived (cancelled set) and lets
// the worker wind down by itself: the inner send() sees its cancel flag at
// the next piece and drops the stream, so the gateway sees the client leave.
//
// Thread-safety: send() from one thread at a time. The inner backend must
// allow a new send() while a cancelled one is still winding down. Workers
// are joined at destruction (destroy this before the inner backend).
#pragma once

#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "cli/chat_backend.h"
#include "cli/spinner.h"

namespace gw {

class InterruptibleBackend final : public ChatBackend {
 public:
  // `interrupted` is polled on the calling thread (real: InterruptCatcher::take).
  InterruptibleBackend(ChatBackend& inner, Spinner& spinner, std::function<bool()> interrupted);
  ~InterruptibleBackend() override;

  Result<ChatReply> send(const nlohmann::json& body, const DeltaFn& on_delta, const std::atomic<bool>& cancel) override;

  static constexpr int kTickMs = 80;  // spinner frame and Ctrl-C polling interval

 private:
  struct Turn;
  void reap_finished();

  ChatBackend& inner_;
  Spinner& spinner_;
  std::function<bool()> interrupted_;
  std::vector<std::pair<std::shared_ptr<Turn>, std::thread>> winding_down_;
};

}  // namespace gw
