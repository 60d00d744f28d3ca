// routes.h - the HTTP routes of `gw serve`, one handler per file. Each takes
// the services and the request and returns a Reply. Thread-safe.
#pragma once

#include <optional>

#include "proxy/pipeline/services.h"
#include "proxy/server/http_server.h"

namespace gw {

// A JSON reply with a fresh x-request-id, for routes that run no pipeline.
Reply json_reply(int status, std::string body);

Reply handle_chat_completions(const Services& s, const InboundRequest& in);
Reply handle_messages(const Services& s, const InboundRequest& in);
Reply handle_responses(const Services& s, const InboundRequest& in);
Reply handle_count_tokens(const Services& s, const InboundRequest& in);
Reply handle_embeddings(const Services& s, const InboundRequest& in);
Reply handle_images(const Services& s, const InboundRequest& in);
Reply handle_transcriptions(const Services& s, const InboundRequest& in);
Reply handle_list_models(const Services& s, const InboundRequest& in);
Reply handle_get_model(const Services& s, const InboundRequest& in);
Reply handle_health(const Services& s, const InboundRequest& in);
Reply handle_metrics(const Services& s, const InboundRequest& in);
// Admin: nullopt when the caller may use the admin API, else the refusal.
std::optional<Reply> check_admin(const Services& s, const InboundRequest& in);
Reply handle_admin_breakers(const Services& s, const InboundRequest& in);
Reply handle_admin_breaker_reset(const Services& s, const InboundRequest& in);
Reply handle_admin_test_error(const Services& s, const InboundRequest& in);

}  // namespace gw
