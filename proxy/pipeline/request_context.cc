#include "proxy/pipeline/request_context.h"

#include "proxy/accounts/shared_holds.h"

namespace gw {

RequestContext::~RequestContext() {
  if (hold) hold->release(request_id);
  if (lease_holds) lease_holds->finished(user_id, lease_id);
}

}  // namespace gw
