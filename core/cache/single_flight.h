// single_flight.h - concurrent identical requests share one upstream call
// (issue: response cache). The first request to miss a key that it may
// store leads: it asks the provider while later requests for the same key
// follow, waiting (bounded, by the caller) for the leader's answer to
// land in the cache. A leader that fails lands without an answer: its
// followers then go upstream on their own, so a failure is never shared.
//
// Only the table of flights lives here; the waiting is the pipeline's (its
// clock's sleep yields a fiber).
//
// Thread-safety: every member may be called from any thread (one mutex);
// a Flight's landed flag is atomic.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace gw {

class SingleFlight {
 public:
  struct Flight {
    std::atomic<bool> landed{false};
  };

  // The leader's hold on a key: landing (or destruction) ends the flight.
  class Lease {
   public:
    Lease(SingleFlight& table, std::string key, std::shared_ptr<Flight> flight)
        : table_(&table), key_(std::move(key)), flight_(std::move(flight)) {}
    ~Lease() { land(); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    // Ends the flight: followers look in the cache again. Idempotent.
    void land();

   private:
    SingleFlight* table_;
    std::string key_;
    std::shared_ptr<Flight> flight_;
  };

  // Either a lease (this caller leads) or the flight to follow.
  struct Joined {
    std::unique_ptr<Lease> lease;
    std::shared_ptr<const Flight> follow;
  };

  // Joins the flight for `key`, or starts one when none is in the air and
  // `may_lead` (only a request whose answer may be stored can lead).
  // Neither lease nor flight: no flight, and this caller may not lead.
  Joined join(const std::string& key, bool may_lead);

  size_t in_flight() const;

 private:
  void end(const std::string& key, const Flight* flight);

  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
};

}  // namespace gw
