// doors.h - helpers for e2e tests of rate limits and accounts: making a user
// through the admin API (loopback, no master key), bearer headers, and
// keeping a burst of requests inside one fixed rate-limit window.
#pragma once

#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "tests/e2e/support/http.h"

namespace gw::e2e {

inline httplib::Headers bearer(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }

// Creates a user (trial plan unless `plan` says otherwise) and returns its
// primary key's secret.
inline std::string create_user_key(httplib::Client& c, const std::string& name, const std::string& plan = "trial") {
  nlohmann::json body = {{"name", name}, {"plan", plan}};
  auto r = c.Post("/admin/users", body.dump(), "application/json");
  if (!r || r->status != 201) return "";
  return json_of(r)["key"]["secret"].get<std::string>();
}

// Rate-limit windows are aligned to the clock. If fewer than `margin_s`
// seconds are left in the current window of `window_s` seconds, waits for the
// next one, so a test's burst is not split across two windows.
inline void stay_in_one_window(int window_s, int margin_s = 5) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  const int64_t window_ms = int64_t{window_s} * 1000;
  const int64_t left = window_ms - ms % window_ms;
  if (left < int64_t{margin_s} * 1000) std::this_thread::sleep_for(milliseconds(left + 50));
}

}  // namespace gw::e2e
