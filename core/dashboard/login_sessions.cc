// login_sessions.cc - contracts in login_sessions.h.
#include "core/dashboard/login_sessions.h"

#include "core/crypto/crypto.h"

namespace gw {

LoginSessions::LoginSessions(Clock& clock, int64_t ttl_ms, size_t max_sessions)
    : clock_(clock), ttl_ms_(ttl_ms), max_sessions_(max_sessions < 1 ? 1 : max_sessions) {}

void LoginSessions::open(std::string_view id, std::string credential, std::string csrf) {
  const int64_t now = clock_.now_unix_ms();
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = by_hash_.begin(); it != by_hash_.end();)
    it = it->second.expires_ms <= now ? by_hash_.erase(it) : std::next(it);
  while (by_hash_.size() >= max_sessions_) {
    auto oldest = by_hash_.begin();
    for (auto it = by_hash_.begin(); it != by_hash_.end(); ++it)
      if (it->second.opened_ms < oldest->second.opened_ms) oldest = it;
    by_hash_.erase(oldest);
  }
  by_hash_[sha256_hex(id)] = LoginSession{std::move(credential), std::move(csrf), now, now + ttl_ms_};
}

std::optional<LoginSession> LoginSessions::find(std::string_view id) {
  if (id.empty()) return std::nullopt;
  const std::string hash = sha256_hex(id);
  const int64_t now = clock_.now_unix_ms();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_hash_.find(hash);
  if (it == by_hash_.end()) return std::nullopt;
  if (it->second.expires_ms <= now) {
    by_hash_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void LoginSessions::close(std::string_view id) {
  const std::string hash = sha256_hex(id);
  std::lock_guard<std::mutex> lock(mu_);
  by_hash_.erase(hash);
}

size_t LoginSessions::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return by_hash_.size();
}

bool csrf_matches(const LoginSession& session, std::string_view presented) {
  return !presented.empty() && !session.csrf.empty() && constant_time_equal(presented, session.csrf);
}

bool changes_state(std::string_view method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

}  // namespace gw
