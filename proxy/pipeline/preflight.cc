// Step 4: pre-flight. The worst-case cost (prompt estimate + max_tokens at
// the completion price) must be computable in exact arithmetic; the credit
// ledger will also require it to be covered by the balance.
#include "proxy/pipeline/steps.h"

namespace gw {

Status preflight(const Services&, RequestContext& ctx) {
  const CatalogModel& m = *ctx.resolved.model;
  int64_t max_completion = ctx.chat.max_tokens.value_or(0);
  if (m.context_length > 0 && max_completion > m.context_length)
    return make_error(ErrorKind::kInvalidRequest,
                      "max_tokens " + std::to_string(max_completion) + " exceeds the context length of " + m.id +
                          " (" + std::to_string(m.context_length) + ")",
                      "context_length_exceeded", "max_tokens");
  auto prompt = m.prompt_price.cost(ctx.chat.prompt_tokens_estimate);
  auto completion = m.completion_price.cost(max_completion);
  if (!prompt || !completion || !prompt->plus(*completion))
    return make_error(ErrorKind::kInvalidRequest, "the request's maximum cost is too large to compute",
                      "cost_overflow", "max_tokens");
  return ok_status();
}

}  // namespace gw
