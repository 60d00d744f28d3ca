// Open and closed incidents, and the model.degraded event (core/health/incident_tracker.h).
#include "core/health/incident_tracker.h"

#include <doctest/doctest.h>

#include "tests/support/recording_event_sink.h"

namespace gw {
namespace {

Incident incident(Severity s, std::string provider, std::string model = "") {
  Incident i;
  i.severity = s;
  i.provider = std::move(provider);
  i.model = std::move(model);
  i.summary = "active check failed 3 times in a row: HTTP 503";
  i.success_bp = 4200;
  i.p50_latency_ms = 830;
  return i;
}

}  // namespace

TEST_CASE("tracker: an incident opening at high emits model.degraded with its figures") {
  RecordingEventSink sink;
  IncidentTracker t;
  auto open = t.update({incident(Severity::kHigh, "openai", "openai/gpt-4o")}, 5'000'000, &sink);
  REQUIRE(open.size() == 1);
  CHECK(open[0].opened_ms == 5'000'000);
  auto events = sink.events();
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "model.degraded");
  CHECK(is_event_type(events[0].type));
  CHECK(events[0].created_ms == 5'000'000);
  CHECK(events[0].data["model"] == "openai/gpt-4o");
  CHECK(events[0].data["provider"] == "openai");
  CHECK(events[0].data["severity"] == "high");
  CHECK(events[0].data["success_rate_bp"] == 4200);
  CHECK(events[0].data["p50_latency_ms"] == 830);
  CHECK(events[0].data["reason"] == "active check failed 3 times in a row: HTTP 503");
}

TEST_CASE("tracker: medium and low incidents open quietly") {
  RecordingEventSink sink;
  IncidentTracker t;
  t.update({incident(Severity::kMedium, "a"), incident(Severity::kLow, "b")}, 1, &sink);
  CHECK(t.open().size() == 2);
  CHECK(sink.events().empty());
}

TEST_CASE("tracker: an open incident is reported once; escalation to high or critical reports again") {
  RecordingEventSink sink;
  IncidentTracker t;
  t.update({incident(Severity::kMedium, "groq")}, 1000, &sink);
  t.update({incident(Severity::kMedium, "groq")}, 2000, &sink);
  CHECK(sink.events().empty());
  t.update({incident(Severity::kHigh, "groq")}, 3000, &sink);
  t.update({incident(Severity::kHigh, "groq")}, 4000, &sink);
  t.update({incident(Severity::kCritical, "groq")}, 5000, &sink);
  auto events = sink.events();
  REQUIRE(events.size() == 2);
  CHECK(events[0].data["severity"] == "high");
  CHECK(events[0].data["model"].is_null());  // the whole provider
  CHECK(events[1].data["severity"] == "critical");
  CHECK(events[1].data["opened_at"] == 1);  // the same incident, open since t=1000 ms
  // Calming down and flaring up again within one incident does not repeat it.
  t.update({incident(Severity::kMedium, "groq")}, 6000, &sink);
  t.update({incident(Severity::kCritical, "groq")}, 7000, &sink);
  CHECK(sink.events().size() == 2);
  CHECK(t.opened_total() == 1);
}

TEST_CASE("tracker: an incident closes when its findings clear; a new one opens fresh") {
  RecordingEventSink sink;
  IncidentTracker t;
  t.update({incident(Severity::kHigh, "groq")}, 1000, &sink);
  CHECK(t.update({}, 2000, &sink).empty());
  auto open = t.update({incident(Severity::kHigh, "groq")}, 3000, &sink);
  CHECK(open[0].opened_ms == 3000);
  CHECK(sink.events().size() == 2);
  CHECK(t.opened_total() == 2);
}

TEST_CASE("tracker: without a sink events are dropped, and open incidents list most severe first") {
  IncidentTracker t;
  auto open = t.update({incident(Severity::kLow, "a"), incident(Severity::kCritical, "b", "m")}, 1, nullptr);
  REQUIRE(open.size() == 2);
  CHECK(open[0].incident.severity == Severity::kCritical);
  CHECK(t.events_emitted() == 0);
}

}  // namespace gw
