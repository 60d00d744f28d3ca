// cache_hit.h - serving a response-cache hit (cache_hit.cc), for the cache
// step (cache_step.cc): first the stored answer is shaped as the caller
// asks (which can fail: the entry is then dropped and the request goes
// upstream), then - after pre-flight when hits are charged - it is the reply.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/cache/cache_directive.h"
#include "core/cache/response_cache.h"
#include "proxy/pipeline/steps.h"

namespace gw {

// A hit in the shape the caller asked for: a body, or a stream's events.
struct Shaped {
  std::string body;
  std::shared_ptr<const std::vector<CachedFrame>> frames;
};

Result<Shaped> shape_hit(const RequestContext& ctx, const std::shared_ptr<const CachedAnswer>& hit);

// The reply: x-gw-cache: hit and Age; a whole body settles at once, a
// stream when it ends.
Reply serve_hit(const Services& s, const std::shared_ptr<RequestContext>& shared,
                const std::shared_ptr<const CachedAnswer>& hit, Shaped shaped, const CacheDirective& directive);

}  // namespace gw
