#include "proxy/pipeline/request_context.h"

namespace gw {

RequestContext::~RequestContext() {
  if (hold) hold->release(request_id);
}

}  // namespace gw
