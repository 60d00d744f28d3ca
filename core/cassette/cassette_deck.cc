// cassette_deck.cc - see cassette_deck.h.
#include "core/cassette/cassette_deck.h"

#include <algorithm>

#include "core/cassette/nearest_recording.h"
#include "core/crypto/secret_scrub.h"

namespace gw {

CassetteDeck::CassetteDeck(std::vector<std::string> ignored, CassetteScrubber scrubber, bool record_missing)
    : ignored_(std::move(ignored)), scrubber_(std::move(scrubber)), record_missing_(record_missing) {}

namespace {

// Puts `e` into `list` (sorted by ordinal), replacing one of its ordinal.
void insert(std::vector<std::shared_ptr<const Exchange>>& list, std::shared_ptr<const Exchange> e) {
  auto at = std::find_if(list.begin(), list.end(), [&](const auto& x) { return x->ordinal >= e->ordinal; });
  if (at != list.end() && (*at)->ordinal == e->ordinal) *at = std::move(e);  // re-recorded
  else list.insert(at, std::move(e));
}

}  // namespace

std::string CassetteDeck::rekey(const Exchange& e) const {
  HttpRequest r;
  r.method = e.method;
  r.url = e.path;
  r.body = e.request_body;
  for (const auto& [name, value] : e.request_headers)
    if (iequals(name, "content-type")) r.headers.add(name, value);  // a multipart boundary
  return request_key(e.provider, r, ignored_).hash;
}

void CassetteDeck::add(Exchange e) {
  const std::string again = rekey(e);
  const std::string recorded = e.key;
  auto shared = std::make_shared<const Exchange>(std::move(e));
  std::lock_guard<std::mutex> lock(mu_);
  if (again != recorded) insert(by_key_[again], shared);
  insert(by_key_[recorded], std::move(shared));
}

size_t CassetteDeck::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::set<const Exchange*> distinct;
  for (const auto& [key, list] : by_key_)
    for (const auto& e : list) distinct.insert(e.get());
  return distinct.size();
}

std::set<std::string, std::less<>> CassetteDeck::providers() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::set<std::string, std::less<>> out;
  for (const auto& [key, list] : by_key_)
    for (const auto& e : list) out.insert(e->provider);
  return out;
}

RequestKey CassetteDeck::key(std::string_view provider, const HttpRequest& request) const {
  return request_key(provider, request, ignored_);
}

CassetteTurn CassetteDeck::next(const RequestKey& key) {
  std::lock_guard<std::mutex> lock(mu_);
  CassetteTurn turn;
  turn.ordinal = asked_[key.hash]++;
  auto it = by_key_.find(key.hash);
  if (it == by_key_.end() || it->second.empty()) return turn;
  const auto& list = it->second;
  auto exact = std::find_if(list.begin(), list.end(), [&](const auto& x) { return x->ordinal == turn.ordinal; });
  if (exact != list.end()) turn.recording = *exact;
  else if (!record_missing_ || turn.ordinal < list.back()->ordinal) turn.recording = list.back();
  return turn;
}

std::shared_ptr<const Exchange> CassetteDeck::finish(Exchange e) {
  Exchange scrubbed = scrubber_.scrub(std::move(e));
  add(scrubbed);
  return std::make_shared<const Exchange>(std::move(scrubbed));
}

std::string CassetteDeck::miss(const RequestKey& key) const {
  RequestKey shown = key;
  shown.canonical_body = scrub_secrets(scrubber_.replace_secrets(key.canonical_body));
  std::vector<std::shared_ptr<const Exchange>> hold;
  std::vector<const Exchange*> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::set<const Exchange*> seen;  // one recording may be under two keys (add)
    for (const auto& [k, list] : by_key_)
      for (const auto& e : list)
        if (seen.insert(e.get()).second) {
          hold.push_back(e);
          all.push_back(e.get());
        }
  }
  return miss_message(shown, nearest_recording(shown, all, ignored_), ignored_);
}

}  // namespace gw
