// dashboard_query_fuzz.cc - what a browser (or anyone holding a session)
// sends the dashboard's API: query strings (core/dashboard/dashboard_query.h,
// core/http/query_string.h) and the Cookie header (session_cookie.h).
// Nothing crashes; a filter that parses is within its documented ranges, a
// refusal names a parameter; decoding never grows the text; the session
// cookie's value is a piece of the header it came from.
#include "core/dashboard/dashboard_query.h"
#include "core/dashboard/session_cookie.h"
#include "core/http/query_string.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in = gw::fuzz::text(data, size);

  auto f = gw::parse_request_filter(in);
  if (f) {
    GW_FUZZ_CHECK(f->limit >= 1 && f->limit <= 200);
    GW_FUZZ_CHECK(f->since_ms >= 0 && f->until_ms >= 0 && f->before_id >= 0);
    GW_FUZZ_CHECK(f->status.empty() || f->status == "ok" || f->status == "error" ||
                  f->status.find_first_not_of("0123456789") == std::string::npos);
  } else {
    GW_FUZZ_CHECK(f.error().kind == gw::ErrorKind::kInvalidRequest && !f.error().param.empty());
  }

  auto q = gw::parse_overview_query(in, 0);
  if (q) {
    bool known = false;
    for (const gw::DashboardWindow& w : gw::kDashboardWindows) known = known || w.name == q->window.name;
    GW_FUZZ_CHECK(known);
  } else {
    GW_FUZZ_CHECK(q.error().param == "window" || q.error().param == "by");
  }

  GW_FUZZ_CHECK(gw::url_decode(in).size() <= in.size());
  GW_FUZZ_CHECK(gw::percent_decode(in).size() <= in.size());

  const std::string_view cookie = gw::session_cookie_value(in);
  GW_FUZZ_CHECK(cookie.empty() ||
                (cookie.data() >= in.data() && cookie.data() + cookie.size() <= in.data() + in.size()));
  return 0;
}
