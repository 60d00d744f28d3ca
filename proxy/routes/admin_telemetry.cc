// POST /admin/telemetry/test-error - sends one test error report through the
// configured Sentry-compatible DSN, the way an unexpected error would go
// (scrubbed of secrets, within the per-minute budget, in the background), so
// an operator can check the DSN works. Optional body {"message": "..."}.
// Answers {"enabled": bool, "queued": bool}. Admin only. Thread-safe.
#include <nlohmann/json.hpp>

#include "core/json/json_parse.h"
#include "proxy/routes/routes.h"
#include "proxy/telemetry/telemetry.h"

namespace gw {

Reply handle_admin_test_error(const Services& s, const InboundRequest& in) {
  if (auto refused = check_admin(s, in)) return *refused;
  auto body = parse_json(in.body);
  std::string message = "gw test error report";
  if (body.is_object() && body.contains("message") && body["message"].is_string())
    message = body["message"].get<std::string>();
  bool enabled = s.telemetry && s.telemetry->reports_errors();
  bool queued = enabled && s.telemetry->report_error("test", message, {{"route", "/admin/telemetry/test-error"}});
  return json_reply(200, nlohmann::json{{"enabled", enabled}, {"queued", queued}}.dump());
}

}  // namespace gw
