// POST /v1/messages/count_tokens - Anthropic's token counting, answered by gw
// itself (an estimate at ~4 characters a token; no provider is called, nothing
// is billed).
#include <nlohmann/json.hpp>

#include "core/dialects/anthropic_messages_dialect.h"
#include "core/base/request_id.h"
#include "proxy/routes/routes.h"

namespace gw {

Reply handle_count_tokens(const Services&, const InboundRequest& in) {
  Reply r;
  r.headers.add("x-request-id", new_request_id());
  auto tokens = anthropic_count_tokens(in.body);
  if (!tokens) {
    r.status = tokens.error().http_status();
    r.body = anthropic_error_body(tokens.error());
    return r;
  }
  r.body = nlohmann::json{{"input_tokens", *tokens}}.dump();
  return r;
}

}  // namespace gw
