// /admin/webhooks... - webhook endpoints, test pings and delivery history
// (proxy/webhooks/webhook_admin.h) for callers check_admin lets in.
// Thread-safe (as WebhookStore).
#include "proxy/pipeline/services.h"
#include "proxy/routes/routes.h"
#include "proxy/webhooks/webhook_admin.h"

namespace gw {

Reply handle_admin_webhooks(const Services& s, const InboundRequest& in) {
  if (auto denied = check_admin(s, in)) return *denied;
  if (!s.webhooks) {
    Error e =
        make_error(ErrorKind::kUnavailable, "webhooks need a database; this server runs without one", "no_database");
    return json_reply(e.http_status(), openai_error_body(e));
  }
  AdminAnswer a = webhook_admin_call(*s.webhooks, *s.clock, in.method, in.path, in.query, in.body);
  return json_reply(a.status, a.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace gw
