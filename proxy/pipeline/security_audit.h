// security_audit.h - recording a security violation of one request in the
// audit log (proxy/io/audit_log.h). Thread-safe; never blocks on the disk.
#pragma once

#include <string_view>

#include "proxy/pipeline/services.h"
#include "proxy/server/http_server.h"

namespace gw {

// Records `reason` for `in`: time, client address, path, and the key - its
// id when known (`key_id`), else the display prefix of a presented gw key,
// never the key itself. No-op when the server keeps no audit log.
void audit_violation(const Services& s, const InboundRequest& in, std::string_view reason, std::string_view detail,
                     std::string_view key_id = {});

}  // namespace gw
