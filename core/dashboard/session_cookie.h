// session_cookie.h - the cookie that names a dashboard login session
// (login_sessions.h): reading it from a Cookie header, and the Set-Cookie
// values that set and clear it. The cookie is HttpOnly (page scripts cannot
// read it), SameSite=Strict (no other site's page sends it), Path=/ (the
// pages and the admin API they call); no Secure flag, since gw serves plain
// HTTP on loopback (put TLS in front and it still works).
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gw {

inline constexpr std::string_view kSessionCookie = "gw_session";

// The value of the gw_session cookie in a Cookie header ("" when absent).
std::string_view session_cookie_value(std::string_view cookie_header);
// Set-Cookie for a session `id` lasting `max_age_s` seconds.
std::string set_session_cookie(std::string_view id, int64_t max_age_s);
// Set-Cookie that removes the cookie (logout).
std::string clear_session_cookie();

}  // namespace gw
