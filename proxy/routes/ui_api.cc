// /ui/api/* - the numbers the dashboard's pages show (docs/dashboard.md).
// Admin only, like /admin/* (a dashboard session counts: admin.cc). Each
// reads through the dashboard's own connection on a lane, after the usage
// writer has written what was queued, so a page agrees with the admin API.
//
//   GET /ui/api/overview?window=1h|24h|7d|30d&by=model|provider|user|key|route
//       totals, one point per bucket and a breakdown, from the rollups
//       (proxy/dashboard/overview_report.h)
//   GET /ui/api/overview.csv?window=...&by=...   the breakdown as CSV
//   GET /ui/api/requests?model=&provider=&user=&key=&status=&since=&until=&before=&limit=
//       the usage log, newest first, keyset-paginated (request_log.h)
//   GET /ui/api/requests/{request_id}            one request in detail
#include <nlohmann/json.hpp>

#include "proxy/dashboard/dashboard_db.h"
#include "proxy/dashboard/overview_report.h"
#include "proxy/dashboard/request_log.h"
#include "proxy/io/usage_writer.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

using nlohmann::json;

Reply error(const Error& e) { return json_reply(e.http_status(), openai_error_body(e)); }

Reply dumped(const json& j) {
  Reply r = json_reply(200, j.dump(-1, ' ', false, json::error_handler_t::replace));
  r.headers.add("Cache-Control", "no-store");
  return r;
}

// Admin, a database, and the usage written: nullopt, or the reply to send.
std::optional<Reply> ready(const Services& s, const InboundRequest& in) {
  if (auto denied = check_admin(s, in)) return denied;
  if (!s.dashboard_db)
    return error(make_error(ErrorKind::kUnavailable, "the dashboard needs a database; this server runs without one",
                            "no_database"));
  if (s.usage) s.usage->flush();
  return std::nullopt;
}

Result<json> overview(const Services& s, const InboundRequest& in) {
  auto q = parse_overview_query(in.query, s.clock->now_unix_ms());
  if (!q) return q.error();
  return s.dashboard_db->with([&](Database& db) { return overview_report(db, *q); });
}

}  // namespace

Reply handle_ui_overview(const Services& s, const InboundRequest& in) {
  if (auto not_ready = ready(s, in)) return *not_ready;
  auto report = overview(s, in);
  if (!report) return error(report.error());
  return dumped(*report);
}

Reply handle_ui_overview_csv(const Services& s, const InboundRequest& in) {
  if (auto not_ready = ready(s, in)) return *not_ready;
  auto report = overview(s, in);
  if (!report) return error(report.error());
  Reply r = json_reply(200, overview_csv(*report));
  r.content_type = "text/csv; charset=utf-8";
  const std::string by = report->value("by", json()).is_string() ? (*report)["by"].get<std::string>() : "total";
  r.headers.add("Content-Disposition",
                "attachment; filename=\"gw-usage-" + report->value("window", "") + "-by-" + by + ".csv\"");
  r.headers.add("Cache-Control", "no-store");
  return r;
}

Reply handle_ui_requests(const Services& s, const InboundRequest& in) {
  if (auto not_ready = ready(s, in)) return *not_ready;
  auto filter = parse_request_filter(in.query);
  if (!filter) return error(filter.error());
  auto page = s.dashboard_db->with([&](Database& db) { return request_page(db, *filter); });
  if (!page) return error(page.error());
  return dumped(*page);
}

Reply handle_ui_request_detail(const Services& s, const InboundRequest& in) {
  if (auto not_ready = ready(s, in)) return *not_ready;
  std::string_view id = std::string_view(in.path).substr(std::string_view("/ui/api/requests/").size());
  auto detail = s.dashboard_db->with([&](Database& db) { return request_detail(db, id); });
  if (!detail) return error(detail.error());
  return dumped(*detail);
}

}  // namespace gw
