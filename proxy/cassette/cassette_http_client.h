// cassette_http_client.h - record and replay at the provider seam: an
// HttpClient in front of one provider's real client (or the in-process
// mock). Everything above it - auth, limits, the ledger (with the recorded
// usage, which comes back in the recorded body), metrics, breakers and
// failover - runs as usual.
//
//   record   forwards, and hands each finished exchange (scrubbed) to `save`:
//            the head and every chunk of the body with its time since the
//            head, or the transport error when there was no answer. An
//            answer the caller stopped reading before its end is not kept.
//   replay   answers from the deck and never calls the provider; a request
//            with no recording is an ErrorKind::kCassetteMiss error (404,
//            code "cassette_miss"; no provider status maps to it) naming the
//            nearest recording and what differs. A recorded transport
//            failure comes back as its kind (unavailable, upstream_timeout,
//            else upstream_error). Chunks come back one by one, at once, or
//            with the recorded gaps divided by `speed` (Clock sleep_ms,
//            which yields a fiber).
//   identity both recording and replaying streams carry an AnswerIdentity
//            (http_types.h) made from the exchange's key, ordinal and
//            recorded_at, so a translated answer's ids and "created" are the
//            same in the recording and every replay.
//   replay + record_missing: replays what exists, records the rest.
//
// Thread-safety: open() may be called from any thread at once.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/base/clock.h"
#include "core/cassette/cassette_deck.h"
#include "core/http/http_types.h"

namespace gw {

struct CassetteClientOptions {
  bool replay = false;  // answer from recordings
  bool record = false;  // record (everything, or with replay what is missing)
  double speed = 0;     // replay pacing: 0 = at once (default), 1 = as recorded, 2 = twice as fast
};

class CassetteHttpClient : public HttpClient {
 public:
  using Save = std::function<void(std::shared_ptr<const Exchange>)>;
  // `inner` is used only when recording. All must outlive the client.
  CassetteHttpClient(std::string provider, HttpClient& inner, CassetteDeck& deck, Clock& clock,
                     CassetteClientOptions options, Save save);

  Result<std::unique_ptr<ResponseStream>> open(const HttpRequest& request) override;

 private:
  Result<std::unique_ptr<ResponseStream>> record(const HttpRequest& request, const RequestKey& key, int ordinal);

  const std::string provider_;
  HttpClient& inner_;
  CassetteDeck& deck_;
  Clock& clock_;
  const CassetteClientOptions options_;
  const Save save_;
};

// A stream that plays one recording back (exposed for tests).
std::unique_ptr<ResponseStream> replay_stream(std::shared_ptr<const Exchange> recording, Clock& clock, double speed);

}  // namespace gw
