// incident_tracker.h - which incidents are open, since when, and the
// model.degraded event. Fed the current findings (core/health/incidents.h) by the
// health monitor and by GET /health; an incident opens when a (provider,
// model) first has a finding and closes when it has none.
//
// model.degraded is emitted through the EventSink given to update() (null =
// dropped; gw passes Services::events) when an
// incident opens at High or Critical, or an open one escalates to High or
// above from something milder (or to Critical from High). Its data:
//   {"model": "openai/gpt-4o" | null (the whole provider), "provider": "openai",
//    "severity": "high", "success_rate_bp": 4200, "p50_latency_ms": 830,
//    "reason": "...", "opened_at": <Unix s>}
// Thread-safe; emit() is called without the tracker's lock held.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/base/events.h"
#include "core/health/incidents.h"

namespace gw {

struct OpenIncident {
  Incident incident;                // the latest findings
  int64_t opened_ms = 0;            // Unix ms it opened
  Severity worst = Severity::kLow;  // most severe it has been while open
};

class IncidentTracker {
 public:
  // Opens, updates and closes incidents to match `current`, emitting
  // model.degraded to `events` (may be null); returns the open ones, most
  // severe first.
  std::vector<OpenIncident> update(const std::vector<Incident>& current, int64_t now_ms, EventSink* events);
  // The open incidents as of the last update, most severe first.
  std::vector<OpenIncident> open() const;
  int64_t opened_total() const;  // incidents opened since start
  int64_t events_emitted() const;

 private:
  static std::vector<OpenIncident> sorted(const std::map<std::pair<std::string, std::string>, OpenIncident>& m);

  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, OpenIncident> open_;  // by (provider, model)
  int64_t opened_total_ = 0;
  int64_t events_emitted_ = 0;
};

// The model.degraded event for an incident (exposed for tests and webhooks).
Event model_degraded_event(const Incident& incident, int64_t opened_ms, int64_t now_ms);

}  // namespace gw
