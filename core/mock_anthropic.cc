// Placeholder: the mock's Anthropic Messages dialect is being written.
#include "core/mock_turn.h"

namespace gw::mock {

MockReply anthropic_messages(const MockBehavior&, std::string_view, int64_t) {
  MockReply r;
  r.status = 404;
  r.body = anthropic_error_body(make_error(ErrorKind::kNotFound, "mock: Anthropic dialect not available yet"));
  return r;
}

}  // namespace gw::mock
