// Step 1: authenticate. Until accounts exist, every caller is the local owner
// of this gw; this is where key lookup, roles and IP/domain checks go.
#include "proxy/pipeline/steps.h"

namespace gw {

Status authenticate(const Services&, const InboundRequest&, RequestContext&) { return ok_status(); }

}  // namespace gw
