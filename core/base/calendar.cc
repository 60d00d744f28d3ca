// calendar.cc - civil date conversions after Howard Hinnant's public-domain
// days_from_civil / civil_from_days algorithms (proleptic Gregorian, UTC).
#include "core/base/calendar.h"

#include <cstdio>
#include <limits>

namespace gw {
namespace {

struct Civil {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = floor_div(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = floor_div(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

// Writes `value` as `width` zero-padded decimal digits at out[at].
void put_digits(std::string& out, size_t at, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i, value /= 10)
    out[at + static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
}

}  // namespace

int64_t day_start_ms(int64_t unix_ms) { return floor_div(unix_ms, kMsPerDay) * kMsPerDay; }

int64_t month_start_ms(int64_t unix_ms) {
  Civil c = civil_from_days(floor_div(unix_ms, kMsPerDay));
  return days_from_civil(c.year, c.month, 1) * kMsPerDay;
}

int64_t next_month_start_ms(int64_t unix_ms) {
  Civil c = civil_from_days(floor_div(unix_ms, kMsPerDay));
  return c.month == 12 ? days_from_civil(c.year + 1, 1, 1) * kMsPerDay
                       : days_from_civil(c.year, c.month + 1, 1) * kMsPerDay;
}

// "YYYY-MM-DD" for years 0..9999 without printf (access-log lines format
// one per request); other years through snprintf.
std::string utc_date(int64_t unix_ms) {
  Civil c = civil_from_days(floor_div(unix_ms, kMsPerDay));
  if (c.year < 0 || c.year > 9999) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(c.year), c.month, c.day);
    return buf;
  }
  std::string out = "0000-00-00";
  put_digits(out, 0, c.year, 4);
  put_digits(out, 5, c.month, 2);
  put_digits(out, 8, c.day, 2);
  return out;
}

std::string utc_timestamp(int64_t unix_ms) {
  int64_t s = (unix_ms - day_start_ms(unix_ms)) / 1000;
  std::string out = utc_date(unix_ms) + "T00:00:00Z";
  size_t t = out.size() - 9;  // first hour digit
  put_digits(out, t, s / 3600, 2);
  put_digits(out, t + 3, s / 60 % 60, 2);
  put_digits(out, t + 6, s % 60, 2);
  return out;
}

std::string utc_timestamp_ms(int64_t unix_ms) {
  // Stamped on every access-log line: each thread keeps the text of the
  // last second it formatted and only writes the milliseconds into it.
  thread_local int64_t cached_second = std::numeric_limits<int64_t>::min();
  thread_local std::string cached;  // that second, with ".000" before the Z
  const int64_t second = floor_div(unix_ms, 1000);
  if (second != cached_second) {
    cached = utc_timestamp(unix_ms);
    cached.insert(cached.size() - 1, ".000");
    cached_second = second;
  }
  std::string out = cached;
  put_digits(out, out.size() - 4, unix_ms - second * 1000, 3);
  return out;
}

}  // namespace gw
