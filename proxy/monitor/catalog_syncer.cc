#include "proxy/monitor/catalog_syncer.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/catalog/model_listing.h"
#include "core/json/json_parse.h"

namespace gw {
namespace {

// A listing is small; it should not take a provider two minutes to send.
constexpr int kListingReadTimeoutMs = 30'000;

// Another instance leads: look again this soon (it may die).
constexpr int64_t kNotMyTurnWaitMs = 1000;

// "HTTP 503: <the provider's message>", kept short for /health.
std::string http_failure(int status, const std::string& body) {
  std::string out = "HTTP " + std::to_string(status);
  auto j = parse_json(body);
  if (j.is_object() && j.contains("error") && j["error"].is_object() && j["error"].contains("message") &&
      j["error"]["message"].is_string())
    out += ": " + j["error"]["message"].get<std::string>().substr(0, 200);
  return out;
}

}  // namespace

CatalogSyncer::CatalogSyncer(const Services& services, CatalogCache& cache)
    : services_(services), cache_(cache), worker_([this] {
        if (may_work_ && !may_work_()) return kNotMyTurnWaitMs;
        run(false);
        return ms_until_due();
      }) {
  std::vector<std::string> synced;
  for (const auto& [slug, ep] : services_.providers->endpoints()) {
    if (!ep.enabled) continue;
    bool offers = false;
    for (const CatalogModel& m : cache_.catalog().models())
      for (const ModelOffer& o : m.offers) offers = offers || o.provider == slug;
    if (offers) synced.push_back(slug);
  }
  cache_.track(synced);
}

CatalogSyncer::~CatalogSyncer() { stop(); }

void CatalogSyncer::start() { worker_.start(); }
void CatalogSyncer::stop() { worker_.stop(); }

std::vector<ListingOutcome> CatalogSyncer::run(bool force) {
  std::lock_guard<std::mutex> lock(run_mu_);
  std::vector<ListingOutcome> out;
  for (const ProviderSync& p : cache_.provider_states()) {
    if (!force && next_sync_ms(p, cache_.settings()) > services_.clock->now_unix_ms()) continue;
    const ProviderEndpoint* ep = services_.providers->find(p.provider);
    if (ep) out.push_back(fetch(*ep));
  }
  return out;
}

int64_t CatalogSyncer::ms_until_due() const {
  int64_t now = services_.clock->now_unix_ms();
  int64_t wait = int64_t{cache_.settings().sync_interval_s} * 1000;
  for (const ProviderSync& p : cache_.provider_states())
    wait = std::min(wait, std::max<int64_t>(0, next_sync_ms(p, cache_.settings()) - now));
  return wait;
}

ListingOutcome CatalogSyncer::fetch(const ProviderEndpoint& ep) {
  ListingOutcome o;
  o.provider = ep.info->slug;
  int64_t t0 = services_.clock->steady_ns();
  HttpRequest request = model_listing_request(ep);
  request.connect_timeout_ms = services_.config->upstream.connect_timeout_ms;
  request.read_timeout_ms = std::min(services_.config->upstream.read_timeout_ms, kListingReadTimeoutMs);
  Result<ModelListing> listing = [&]() -> Result<ModelListing> {
    auto opened = services_.client_for(ep).open(request);
    if (!opened) return opened.error();
    auto body = read_all(**opened);
    if (!body) return body.error();
    if ((*opened)->status() != 200)
      return make_error(kind_for_upstream_status((*opened)->status()), http_failure((*opened)->status(), *body));
    return parse_model_listing(*body);
  }();
  o.duration_ms = (services_.clock->steady_ns() - t0) / 1'000'000;
  int64_t now = services_.clock->now_unix_ms();
  if (!listing && listing.error().kind == ErrorKind::kCassetteMiss) {
    o.error = "no recording of the listing (gw serve --replay)";  // the provider was not asked: not its failure
    return o;
  }
  if (!listing) {
    o.error = listing.error().message;
    cache_.record_failure(o.provider, o.error, now);
    return o;
  }
  o.ok = true;
  o.models = listing->ids.size();
  cache_.record_listing(o.provider, std::move(listing).value(), now);
  return o;
}

}  // namespace gw
