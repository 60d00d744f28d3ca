// interruptible_backend.cc - see interruptible_backend.h.
#include "cli/interruptible_backend.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

#include "cli/interrupt.h"

namespace gw {
namespace {

int64_t elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

// One answer being fetched: filled by the worker, drained by the caller.
struct InterruptibleBackend::Turn {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::string> pieces;           // guarded by mu
  std::optional<Result<ChatReply>> result;  // guarded by mu; set when finished
  std::atomic<bool> cancel{false};

  bool finished() const { return result.has_value(); }
};

InterruptibleBackend::InterruptibleBackend(ChatBackend& inner, Spinner& spinner, std::function<bool()> interrupted)
    : inner_(inner), spinner_(spinner), interrupted_(std::move(interrupted)) {}

InterruptibleBackend::~InterruptibleBackend() {
  for (auto& [turn, worker] : winding_down_) worker.join();
}

void InterruptibleBackend::reap_finished() {
  for (auto it = winding_down_.begin(); it != winding_down_.end();) {
    bool done;
    {
      std::lock_guard lock(it->first->mu);
      done = it->first->finished();
    }
    if (!done) {
      ++it;
      continue;
    }
    it->second.join();
    it = winding_down_.erase(it);
  }
}

Result<ChatReply> InterruptibleBackend::send(const nlohmann::json& body, const DeltaFn& on_delta,
                                             const std::atomic<bool>& cancel) {
  reap_finished();
  interrupted_();  // a Ctrl-C from before this answer (at the prompt) is not meant for it
  auto turn = std::make_shared<Turn>();
  std::thread worker([this, turn, body] {
    block_interrupt_in_this_thread();
    auto result = inner_.send(
        body,
        [&turn](std::string_view piece) {
          std::lock_guard lock(turn->mu);
          turn->pieces.emplace_back(piece);
          turn->cv.notify_one();
        },
        turn->cancel);
    std::lock_guard lock(turn->mu);
    turn->result.emplace(std::move(result));
    turn->cv.notify_one();
  });

  const auto start = std::chrono::steady_clock::now();
  const std::string model = body.value("model", "");
  spinner_.start("waiting for " + model);
  bool waiting_for_first = true;
  std::string text;
  for (;;) {
    std::deque<std::string> pieces;
    bool finished;
    {
      std::unique_lock lock(turn->mu);
      turn->cv.wait_for(lock, std::chrono::milliseconds(kTickMs),
                        [&] { return !turn->pieces.empty() || turn->finished(); });
      pieces.swap(turn->pieces);
      finished = turn->finished();
    }
    if (!pieces.empty() && waiting_for_first) {
      spinner_.stop();
      waiting_for_first = false;
    }
    for (const std::string& p : pieces) {
      text += p;
      on_delta(p);
    }
    if (finished) {
      spinner_.stop();
      worker.join();
      return std::move(*turn->result);
    }
    if (interrupted_() || cancel.load()) {
      spinner_.stop();
      turn->cancel = true;
      winding_down_.emplace_back(turn, std::move(worker));
      ChatReply reply;
      reply.text = std::move(text);
      reply.cancelled = true;
      reply.stats.model = model;
      reply.stats.latency_ms = elapsed_ms(start);
      return reply;
    }
    if (waiting_for_first) spinner_.tick(elapsed_ms(start));
  }
}

}  // namespace gw
