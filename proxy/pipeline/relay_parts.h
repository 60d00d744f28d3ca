// relay_parts.h - what step 6's two halves share: relay.cc (whole answers,
// and the entry point) and relay_stream.cc (streams). Internal to them.
// Thread-safety: as the pipeline (one request on one fiber).
#pragma once

#include <memory>
#include <string>

#include "core/base/usage.h"
#include "core/dialects/dialect.h"
#include "proxy/pipeline/request_context.h"
#include "proxy/pipeline/services.h"
#include "proxy/server/http_server.h"

namespace gw {

// The ids and "created" a translated answer reports: the request's id and
// the time now, or, for a recorded exchange (gw serve --record/--replay),
// what the recording gives, so every replay sends the same bytes.
RenderContext render_context(const Services& s, const RequestContext& ctx);

// OpenAI's usage object for `u` ({"prompt_tokens":..,"completion_tokens":..,
// "total_tokens":..}).
std::string usage_text(const Usage& u);

// Relays a streamed answer (relay_stream.cc).
Reply relay_stream(const Services& s, const std::shared_ptr<RequestContext>& ctx);

}  // namespace gw
