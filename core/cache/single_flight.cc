// single_flight.cc - see single_flight.h.
#include "core/cache/single_flight.h"

namespace gw {

void SingleFlight::Lease::land() {
  if (!flight_) return;
  table_->end(key_, flight_.get());
  flight_->landed.store(true, std::memory_order_release);
  flight_.reset();
}

SingleFlight::Joined SingleFlight::join(const std::string& key, bool may_lead) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = flights_.find(key); it != flights_.end()) return {nullptr, it->second};
  if (!may_lead) return {};
  auto flight = std::make_shared<Flight>();
  flights_.emplace(key, flight);
  return {std::make_unique<Lease>(*this, key, std::move(flight)), nullptr};
}

size_t SingleFlight::in_flight() const {
  std::lock_guard<std::mutex> lock(mu_);
  return flights_.size();
}

void SingleFlight::end(const std::string& key, const Flight* flight) {
  std::lock_guard<std::mutex> lock(mu_);
  // Only its own flight: a key may have flown again since.
  if (auto it = flights_.find(key); it != flights_.end() && it->second.get() == flight) flights_.erase(it);
}

}  // namespace gw
