// GET /admin/audit[?limit=N] - the newest N (default 50, at most 10000)
// security violations from the audit log (proxy/io/audit_log.h), newest
// first: {"object": "list", "data": [{time, ip, key_id, key_prefix, route,
// reason, detail}]}. Admin only; `gw audit` reads it. Thread-safe.
#include <nlohmann/json.hpp>

#include "core/base/ascii_text.h"
#include "core/http/query_string.h"
#include "proxy/io/audit_log.h"
#include "proxy/routes/routes.h"

namespace gw {

Reply handle_admin_audit(const Services& s, const InboundRequest& in) {
  if (auto denied = check_admin(s, in)) return *denied;
  auto fail = [](const Error& e) { return json_reply(e.http_status(), openai_error_body(e)); };
  if (!s.audit)
    return fail(make_error(ErrorKind::kUnavailable, "the audit log needs a database; this server runs without one",
                           "no_database"));
  int64_t limit = 50;
  if (auto text = query_param(in.query, "limit")) {
    auto n = parse_decimal(*text);
    if (!n || *n < 1 || *n > 10000)
      return fail(make_error(ErrorKind::kInvalidRequest, "'limit' must be 1..10000", "invalid_request_error", "limit"));
    limit = *n;
  }
  auto records = s.audit->recent(static_cast<int>(limit));
  if (!records) return fail(records.error());
  nlohmann::json data = nlohmann::json::array();
  for (const AuditRecord& r : *records) data.push_back(audit_json(r));
  return json_reply(200, nlohmann::json{{"object", "list"}, {"data", data}}.dump(
                             -1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace gw
