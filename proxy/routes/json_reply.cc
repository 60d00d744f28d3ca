// The plain JSON reply shared by the routes that run no pipeline.
#include "core/base/request_id.h"
#include "proxy/routes/routes.h"

namespace gw {

Reply json_reply(int status, std::string body) {
  Reply r;
  r.status = status;
  r.body = std::move(body);
  r.headers.add("x-request-id", new_request_id());
  return r;
}

}  // namespace gw
