// Step 2: rate limits (IP -> key -> anonymous). The limiter plugs in here;
// with no limiter configured every request passes.
#include "proxy/pipeline/steps.h"

namespace gw {

Status apply_limits(const Services&, const InboundRequest&, RequestContext&) { return ok_status(); }

}  // namespace gw
