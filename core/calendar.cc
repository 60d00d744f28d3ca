// calendar.cc - civil date conversions after Howard Hinnant's public-domain
// days_from_civil / civil_from_days algorithms (proleptic Gregorian, UTC).
#include "core/calendar.h"

#include <cstdio>

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

std::string utc_date(int64_t unix_ms) {
  Civil c = civil_from_days(floor_div(unix_ms, kMsPerDay));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(c.year), c.month, c.day);
  return buf;
}

std::string utc_timestamp(int64_t unix_ms) {
  int64_t in_day = unix_ms - day_start_ms(unix_ms);
  int64_t s = in_day / 1000;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lldZ", utc_date(unix_ms).c_str(), static_cast<long long>(s / 3600),
                static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  return buf;
}

std::string utc_timestamp_ms(int64_t unix_ms) {
  std::string s = utc_timestamp(unix_ms);
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03lldZ", static_cast<long long>(unix_ms - unix_ms / 1000 * 1000));
  s.replace(s.size() - 1, 1, ms);
  return s;
}

}  // namespace gw
