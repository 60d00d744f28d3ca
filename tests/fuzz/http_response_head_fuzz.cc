// http_response_head_fuzz.cc - an upstream's response head as gw's client
// reads it (parse_response_head), for GET and HEAD requests, whole and as a
// prefix: a head that parses must not parse differently once more bytes
// arrive behind it.
#include "core/http/http_response_head.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gw;
  const std::string_view in = fuzz::text(data, size);
  for (bool head_request : {false, true}) {
    ResponseHead head;
    auto took = parse_response_head(in, head_request, head);
    if (!took.ok() || took.value() == 0) continue;
    GW_FUZZ_CHECK(took.value() <= in.size());
    // The same head alone parses to the same answer.
    ResponseHead again;
    auto took_again = parse_response_head(in.substr(0, took.value()), head_request, again);
    GW_FUZZ_CHECK(took_again.ok() && took_again.value() == took.value());
    GW_FUZZ_CHECK(again.status == head.status && again.framing == head.framing &&
                  again.content_length == head.content_length && again.keep_alive == head.keep_alive);
    if (head_request) GW_FUZZ_CHECK(head.framing == BodyFraming::kNone);
  }
  return 0;
}
