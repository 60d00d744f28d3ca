// calendar.h - UTC calendar arithmetic on Unix milliseconds (no time zone,
// no <ctime>): day and month boundaries for allowances and token limits.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace gw {

constexpr int64_t kMsPerDay = 86'400'000;

// Start of the UTC day containing `unix_ms`.
int64_t day_start_ms(int64_t unix_ms);
// Start of the UTC calendar month containing `unix_ms`, and of the next one.
int64_t month_start_ms(int64_t unix_ms);
int64_t next_month_start_ms(int64_t unix_ms);
// "2026-11-21", "2026-11-21T22:43:42Z" and "2026-11-21T22:43:42.125Z".
std::string utc_date(int64_t unix_ms);
std::string utc_timestamp(int64_t unix_ms);
std::string utc_timestamp_ms(int64_t unix_ms);

}  // namespace gw
