// Step 3: resolve the requested model to a catalog model and the providers
// that can serve it. An explicit provider comes from the body's `provider`
// field or the x-gw-provider header (the body wins).
#include "proxy/pipeline/steps.h"

namespace gw {

Status resolve_route(const Services& s, const InboundRequest& in, RequestContext& ctx) {
  std::string_view override_slug = ctx.chat.provider_override;
  if (override_slug.empty()) override_slug = in.headers.get("x-gw-provider");
  auto resolved = s.resolver->resolve(ctx.chat.model, override_slug);
  if (!resolved) return resolved.error();
  ctx.resolved = std::move(resolved).value();
  return ok_status();
}

}  // namespace gw
