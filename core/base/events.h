// events.h - things that happened inside gw that outsiders may subscribe to
// (webhooks deliver them). Producers (ledger, health, limiter) emit events
// through an EventSink; they never wait for delivery.
//
// Thread-safety: EventSink::emit may be called from any thread and must not
// block on the network or the disk.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

namespace gw {

// The event types, one table: webhooks, `gw webhooks add --event` and the man
// page read it.
struct EventType {
  std::string_view name;         // "credits.low"
  std::string_view description;  // one line for help text
};
std::span<const EventType> event_types();
bool is_event_type(std::string_view name);

struct Event {
  std::string type;        // one of event_types()
  int64_t created_ms = 0;  // Unix epoch milliseconds
  nlohmann::json data;     // type-specific payload; never secrets
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void emit(Event event) = 0;
};

}  // namespace gw
