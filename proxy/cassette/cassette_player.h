// cassette_player.h - what `gw serve --record/--replay DIR` and
// `gw chat --replay DIR` add to a gateway: the deck loaded from DIR, one
// CassetteHttpClient per provider in front of its real client, and the
// writer that saves recordings on a background thread (the request's fiber
// never waits on the disk; flush() waits for it).
//
// Thread-safety: client() and flush() from any thread.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/cassette/cassette_deck.h"
#include "core/cassette/cassette_store.h"
#include "core/providers/provider_registry.h"
#include "proxy/cassette/cassette_http_client.h"

namespace gw {

enum class CassetteMode {
  kOff,              // default: no cassettes
  kRecord,           // --record DIR: forward and record every exchange
  kReplay,           // --replay DIR: answer from recordings only; a miss is an error
  kReplayAndRecord,  // --replay DIR --record-missing
};

struct CassetteOptions {
  CassetteMode mode = CassetteMode::kOff;
  std::string dir;
  double replay_speed = 0;  // 0 = frames at once (default); 1 = the recorded pacing; 2 = twice as fast
  // Request body members left out of the match (request_key.h); default user, metadata.
  std::vector<std::string> ignored{std::begin(kDefaultCassetteIgnored), std::end(kDefaultCassetteIgnored)};
};

class CassettePlayer {
 public:
  // Loads DIR (replay modes; a missing or broken directory is an error) and
  // builds a client per provider: mock:// ones in front of `mock`, the
  // others of `network`. `secrets` are scrubbed from every recording
  // (name, value). `store` null: the directory DIR.
  static Result<std::unique_ptr<CassettePlayer>> create(const CassetteOptions& options,
                                                        const ProviderRegistry& providers, HttpClient& network,
                                                        HttpClient& mock, Clock& clock,
                                                        const std::vector<std::pair<std::string, std::string>>& secrets,
                                                        std::unique_ptr<CassetteStore> store = nullptr);
  ~CassettePlayer();

  // The provider's cassette client; null for a provider not known at start.
  HttpClient* client(std::string_view provider) const;
  size_t recordings() const { return deck_->size(); }
  // The providers the loaded cassettes recorded (their slugs).
  std::set<std::string, std::less<>> recorded_providers() const { return deck_->providers(); }
  // Waits until every finished recording is on disk; returns the first
  // write failure since the last flush (ok when none).
  Status flush();

 private:
  CassettePlayer() = default;
  struct Writer;
  std::unique_ptr<CassetteStore> store_;
  std::unique_ptr<CassetteDeck> deck_;
  std::unique_ptr<Writer> writer_;  // null: not recording
  std::map<std::string, std::unique_ptr<CassetteHttpClient>, std::less<>> clients_;
};

}  // namespace gw
