// request_context.h - the state of one proxied request as it moves through
// the pipeline steps. Owned by one request; not shared between threads
// (a streaming reply moves it into the stream's state).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/accounts/roles.h"
#include "core/base/usage.h"
#include "core/cache/semantic_index.h"
#include "core/cache/single_flight.h"
#include "core/catalog/model_resolver.h"
#include "core/catalog/pricing.h"
#include "core/dialects/chat_request.h"
#include "core/dialects/dialect.h"
#include "core/dialects/media_bounds.h"
#include "core/dialects/native_road.h"
#include "core/ledger/credit_book.h"
#include "core/limits/limit_decision.h"
#include "core/limits/limit_ticket.h"
#include "core/router/route_choice.h"
#include "proxy/server/http_server.h"
#include "proxy/telemetry/request_observation.h"

namespace gw {

// Who is calling.
enum class Caller {
  kOwner,      // the local owner (loopback without a gw key, or the master key): unbilled
  kKey,        // a user's API key: billed and limited by plan
  kAnonymous,  // no key where one is expected: ":free" models only, strictest limits
};

class SharedHolds;

struct RequestContext {
  // gw's own id for the request, always fresh: the key of its hold, ledger
  // entry and usage row, so no caller can make two requests share one (a
  // repeated or borrowed x-request-id would otherwise bill once for two
  // answers, or touch another caller's hold).
  std::string request_id;
  // The caller's own x-request-id when safe to echo ("" = none): echoed in
  // x-request-id and sent upstream in its place; gw's id then goes back in
  // x-gw-request-id.
  std::string client_request_id;
  const std::string& echoed_id() const { return client_request_id.empty() ? request_id : client_request_id; }
  std::string key_id;                                    // API key id, "" = no key
  std::string user_id;                                   // account id, "" = local owner
  std::string route;                                     // "/v1/chat/completions"
  const ClientDialect* client = &openai_chat_dialect();  // the caller's format
  int64_t start_ns = 0;                                  // steady clock at arrival
  int64_t upstream_ns = 0;                               // time spent waiting on providers (not gw overhead)

  Caller caller = Caller::kOwner;
  Role role = Role::kAdmin;  // the key's role (owner: admin; anonymous: free)

  ChatRequest chat;  // for non-chat routes: model, provider override, estimates
  // The chat routes: the request as it came (body, headers, query), for the
  // native road; null elsewhere. Lives as long as the route's handler.
  const InboundRequest* inbound = nullptr;
  // Set when the caller's dialect has a native road (native_road.h) but gw
  // could not translate the request: candidates that would need translation
  // are skipped with this error; those that speak the dialect still serve.
  std::optional<Error> untranslatable;
  // Set by the media routes (images, transcriptions, embeddings): what the
  // request may use besides its prompt, for pre-flight's hold in place of
  // chat's max_tokens. Absent for chat.
  std::optional<MediaBounds> media;
  ResolvedModel resolved;
  // Set by resolve_route for a router:* model (route_router.cc): the
  // decision (ranking kept for a fallback, route_fallback.cc), the
  // conversation's sticky key, the x-gw-route header's text and the usage
  // log's short form ("code:auto complex").
  std::optional<RouteDecision> route_decision;
  std::string sticky_key;
  std::string route_header;
  std::string route_choice;
  // Non-chat routes (embeddings, images, audio) build their own upstream
  // request per candidate; null = the provider adapter's chat request.
  std::function<Result<HttpRequest>(const RouteCandidate&, const ProviderEndpoint&)> build_upstream;

  // Filled by forward(): who answered and how many tries it took.
  const RouteCandidate* served_by = nullptr;
  const ProviderAdapter* adapter = nullptr;  // the serving provider's format
  bool passthrough = false;                  // client and provider share a format: bytes pass
  const NativeRoad* native = nullptr;        // non-null: served on the caller's native road
  std::string native_model;                  // the serving provider's ID for the model
  int attempts = 0;
  std::string failover;  // each attempt's "provider:status" (0 = no answer), space-separated
  // Steady ns of the serving attempt: sent, its first event with data (a
  // stream), its answer read to the end; settle feeds the LatencyBook.
  // -1: not (yet) known.
  int64_t answer_sent_ns = -1;
  int64_t answer_first_ns = -1;
  int64_t answer_ended_ns = -1;
  std::unique_ptr<ResponseStream> upstream;
  std::string first_chunk;  // a stream's first bytes, read before committing to it

  // Filled by preflight() for billed callers: the price, and the credit
  // held until settle(). If a request ends without settling (a path that
  // forgot, an exception), the destructor releases the hold as a refund.
  BillingPrice price;
  CreditBook* hold = nullptr;  // non-null while credit is held for this request
  bool trial_claimed = false;  // a shared trial count was claimed (trial_claim.h); settle ends it
  // PostgreSQL: the balance lease this request's shared hold came from ("" =
  // its own hold row), and the holds to tell when it ends (settle, or the
  // destructor); null once told.
  std::string lease_id;
  SharedHolds* lease_holds = nullptr;
  Money held;                     // the amount held (exact fixed point): what an unbillable usage costs
  int64_t capped_max_tokens = 0;  // >0: gw lowered max_tokens to what the balance covers

  Usage usage;
  int status = 200;  // status returned to the client

  // Filled by apply_limits(): the limiter's answer (the X-RateLimit-*
  // headers), and what the request holds until it ends - a concurrency slot
  // and its token estimate - given back by settle() or, failing that, by the
  // ticket's destructor.
  LimitDecision rate_limit;
  LimitTicket limits;

  RequestContext() = default;
  RequestContext(const RequestContext&) = delete;
  RequestContext& operator=(const RequestContext&) = delete;
  ~RequestContext();
  std::string cache_result;  // response cache outcome ("hit", "miss", "bypass"); "" = no cache
  std::string cache_key;     // set on a miss whose answer may be stored (cache_step.cc)
  // Held while this request leads the single flight for cache_key: landed
  // once its answer is stored, or when the request ends without one.
  std::unique_ptr<SingleFlight::Lease> flight;
  // The semantic cache (semantic_step.cc): its outcome ("hit", "miss",
  // "bypass": does not qualify, "error": no embedding; "" = not asked), which
  // layer answered a hit ("exact" | "semantic") and how close the question
  // was, and on a miss whose answer may be stored, the question to index.
  std::string semantic_result;
  std::string cache_layer;
  float cache_similarity = 0;
  std::optional<SemanticEntry> semantic_entry;
  int upstream_timeout_ms = 0;  // > 0: bounds each provider try's connect and answer (gw's own embedding calls)
  bool free_hit = false;        // a cache hit its caller does not pay for ([cache] charge_hits = "free")
  Money cache_saved;            // a hit's saving for its caller, exact fixed point (usage_log.saved_units)
  RequestObservation observed;  // Telemetry's notes: trace context, spans, attempts
};

}  // namespace gw
