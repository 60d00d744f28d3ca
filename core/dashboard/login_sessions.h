// login_sessions.h - the dashboard's server-side login sessions. Logging in
// with the master key or an admin-role key opens a session: the browser
// holds only its random id, in an HttpOnly, SameSite=Strict cookie
// (session_cookie.h); the server holds the credential it was opened with,
// so every request re-checks that credential exactly as the admin API
// checks a bearer key (a revoked or demoted key ends its sessions at once),
// and a CSRF token that every state-changing call must echo in x-gw-csrf.
//
// Sessions end `ttl_ms` after they open (default 12 h), on logout, or when
// more than `max_sessions` are open (the oldest goes). Ids are looked up by
// their SHA-256, so neither the table nor a timing difference reveals one.
// Kept in memory only: a restarted server asks everyone to log in again.
//
// Thread-safe (one mutex, never held across a wait).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/clock.h"

namespace gw {

struct LoginSession {
  std::string credential;  // the master key or gw_ key it was opened with (secret; never log)
  std::string csrf;        // echoed in x-gw-csrf by state-changing calls
  int64_t opened_ms = 0;
  int64_t expires_ms = 0;
};

class LoginSessions {
 public:
  static constexpr int64_t kDefaultTtlMs = 12 * 3'600'000;
  static constexpr size_t kDefaultMaxSessions = 256;

  explicit LoginSessions(Clock& clock, int64_t ttl_ms = kDefaultTtlMs, size_t max_sessions = kDefaultMaxSessions);

  // Opens a session under `id` (a random token from the caller, >= 16 bytes
  // of entropy) with its `csrf` token (likewise random).
  void open(std::string_view id, std::string credential, std::string csrf);
  // The live session `id` names; nullopt when unknown or expired (an expired
  // one is forgotten).
  std::optional<LoginSession> find(std::string_view id);
  void close(std::string_view id);
  size_t size() const;

 private:
  Clock& clock_;
  const int64_t ttl_ms_;
  const size_t max_sessions_;
  mutable std::mutex mu_;
  std::map<std::string, LoginSession, std::less<>> by_hash_;  // guarded by mu_
};

// Whether `presented` (the x-gw-csrf header) is the session's token,
// compared in constant time; an empty header never is.
bool csrf_matches(const LoginSession& session, std::string_view presented);

// Whether `method` changes state and so needs the CSRF token (everything but
// GET, HEAD and OPTIONS).
bool changes_state(std::string_view method);

}  // namespace gw
