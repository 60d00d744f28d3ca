// Placeholder: the mock's Gemini dialect is being written.
#include "core/mock_turn.h"

namespace gw::mock {

MockReply gemini_generate(const MockBehavior&, std::string_view, bool, std::string_view, int64_t) {
  MockReply r;
  r.status = 404;
  r.body = R"({"error":{"code":404,"message":"mock: Gemini dialect not available yet","status":"NOT_FOUND"}})";
  return r;
}

}  // namespace gw::mock
