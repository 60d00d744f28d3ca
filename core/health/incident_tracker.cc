#include "core/health/incident_tracker.h"

#include <algorithm>

namespace gw {

Event model_degraded_event(const Incident& i, int64_t opened_ms, int64_t now_ms) {
  Event e;
  e.type = "model.degraded";
  e.created_ms = now_ms;
  e.data = {{"model", i.model.empty() ? nlohmann::json(nullptr) : nlohmann::json(i.model)},
            {"provider", i.provider},
            {"severity", severity_name(i.severity)},
            {"success_rate_bp", i.success_bp},
            {"p50_latency_ms", i.p50_latency_ms},
            {"reason", i.summary},
            {"opened_at", opened_ms / 1000}};
  return e;
}

std::vector<OpenIncident> IncidentTracker::update(const std::vector<Incident>& current, int64_t now_ms,
                                                  EventSink* events) {
  std::vector<Event> to_emit;
  std::vector<OpenIncident> result;
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::map<std::pair<std::string, std::string>, OpenIncident> next;
    for (const Incident& i : current) {
      auto key = std::make_pair(i.provider, i.model);
      if (next.count(key)) continue;  // one per (provider, model): the first is the most severe
      auto was = open_.find(key);
      OpenIncident o;
      o.incident = i;
      o.opened_ms = was == open_.end() ? now_ms : was->second.opened_ms;
      o.worst = was == open_.end() ? i.severity : std::min(was->second.worst, i.severity);
      bool opened = was == open_.end();
      bool worse = !opened && i.severity < was->second.worst;
      if (opened) ++opened_total_;
      if (i.severity <= Severity::kHigh && (opened || worse))
        to_emit.push_back(model_degraded_event(i, o.opened_ms, now_ms));
      next.emplace(std::move(key), std::move(o));
    }
    open_ = std::move(next);
    events_emitted_ += events ? static_cast<int64_t>(to_emit.size()) : 0;
    result = sorted(open_);
  }
  if (events)
    for (Event& e : to_emit) events->emit(std::move(e));
  return result;
}

std::vector<OpenIncident> IncidentTracker::open() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sorted(open_);
}

int64_t IncidentTracker::opened_total() const {
  std::lock_guard<std::mutex> lock(mu_);
  return opened_total_;
}

int64_t IncidentTracker::events_emitted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return events_emitted_;
}

std::vector<OpenIncident> IncidentTracker::sorted(
    const std::map<std::pair<std::string, std::string>, OpenIncident>& m) {
  std::vector<OpenIncident> out;
  for (const auto& [key, o] : m) out.push_back(o);
  std::stable_sort(out.begin(), out.end(), [](const OpenIncident& a, const OpenIncident& b) {
    return a.incident.severity < b.incident.severity;
  });
  return out;
}

}  // namespace gw
