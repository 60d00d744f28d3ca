// cassette_deck.h - the recordings a gateway replays from and records into,
// in memory: indexed by request key, each key's recordings by ordinal, with
// a count of how often each key was asked in this run. The n-th request
// with a key gets the n-th recording (ordinal n-1); past the last one it
// gets the last again (a health check asked in a loop), unless recording
// missing ones, when it is recorded as the next ordinal.
//
// Thread-safety: every member may be called from any thread at once.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/cassette/cassette_scrubber.h"
#include "core/cassette/exchange.h"
#include "core/cassette/request_key.h"

namespace gw {

struct CassetteTurn {
  std::shared_ptr<const Exchange> recording;  // null: none to replay
  int ordinal = 0;                            // this request's ordinal among its key's
};

class CassetteDeck {
 public:
  // `ignored`: body members left out of the match (request_key.h).
  // `record_missing`: a key asked more often than recorded is recorded anew.
  CassetteDeck(std::vector<std::string> ignored, CassetteScrubber scrubber, bool record_missing);

  // Adds a recording (read from a file at start, or just recorded). It is
  // found by the key it was recorded with and by the key its request has
  // under this deck's ignored members, so a recording made before
  // [cassette] match_ignore changed still matches (unless a secret was
  // scrubbed from its body as well).
  void add(Exchange e);
  size_t size() const;
  // The providers with at least one recording.
  std::set<std::string, std::less<>> providers() const;

  RequestKey key(std::string_view provider, const HttpRequest& request) const;
  // Counts this request and says what to replay (see the file comment).
  CassetteTurn next(const RequestKey& key);
  // A finished recording, scrubbed (cassette_scrubber.h) and added; returns it.
  std::shared_ptr<const Exchange> finish(Exchange e);
  // The strict-replay miss message for `key` (nearest_recording.h); the
  // live request's secrets are scrubbed out of the diff too.
  std::string miss(const RequestKey& key) const;

  const CassetteScrubber& scrubber() const { return scrubber_; }

 private:
  std::string rekey(const Exchange& e) const;

  const std::vector<std::string> ignored_;
  const CassetteScrubber scrubber_;
  const bool record_missing_;
  mutable std::mutex mu_;
  std::map<std::string, std::vector<std::shared_ptr<const Exchange>>> by_key_;  // each sorted by ordinal
  std::map<std::string, int> asked_;                                            // requests per key this run
};

}  // namespace gw
