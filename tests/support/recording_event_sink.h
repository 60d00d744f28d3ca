// recording_event_sink.h - an EventSink for tests that keeps every event it
// is given, in order. Thread-safe.
#pragma once

#include <mutex>
#include <vector>

#include "core/base/events.h"

namespace gw {

class RecordingEventSink : public EventSink {
 public:
  void emit(Event event) override {
    std::lock_guard<std::mutex> lock(mu_);
    events_.push_back(std::move(event));
  }
  std::vector<Event> events() const {
    std::lock_guard<std::mutex> lock(mu_);
    return events_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<Event> events_;
};

}  // namespace gw
