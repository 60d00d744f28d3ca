// security_audit.cc - contracts in security_audit.h.
#include "proxy/pipeline/security_audit.h"

#include "core/accounts/api_key.h"
#include "core/base/clock.h"
#include "proxy/io/audit_log.h"
#include "proxy/pipeline/credentials.h"

namespace gw {

void audit_violation(const Services& s, const InboundRequest& in, std::string_view reason, std::string_view detail,
                     std::string_view key_id) {
  if (!s.audit) return;
  AuditRecord r;
  r.created_ms = s.clock->now_unix_ms();
  r.ip = in.remote_addr;
  r.key_id = std::string(key_id);
  std::string_view presented = presented_key(in);
  // Only a gw-looking key gets a prefix: anything else may be a guess at the
  // master key, and part of a secret is still a secret.
  if (key_id.empty() && presented.substr(0, 3) == "gw_") r.key_prefix = key_display_prefix(presented);
  r.route = in.path;
  r.reason = std::string(reason);
  r.detail = std::string(detail);
  s.audit->record(std::move(r));
}

}  // namespace gw
