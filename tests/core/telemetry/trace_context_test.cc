// W3C traceparent: what is accepted, what is ignored, and the ids gw makes.
#include "core/telemetry/trace_context.h"

#include <doctest/doctest.h>

#include "tests/support/fake_random.h"

namespace gw {

TEST_CASE("traceparent: a valid version-00 header gives trace id, parent id and the sampled flag") {
  auto tp = parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  REQUIRE(tp);
  CHECK(tp->trace_id == "4bf92f3577b34da6a3ce929d0e0e4736");
  CHECK(tp->parent_id == "00f067aa0ba902b7");
  CHECK(tp->sampled);
  auto unsampled = parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
  REQUIRE(unsampled);
  CHECK_FALSE(unsampled->sampled);
}

TEST_CASE("traceparent: malformed headers are ignored") {
  const char* bad[] = {
      "",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",        // no flags
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",     // upper case
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",     // zero trace id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",     // zero parent id
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",     // forbidden version
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-xx",  // v00 has exactly 4 fields
      "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",     // wrong separators
      "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",     // not hex
  };
  for (const char* h : bad) CHECK_MESSAGE(!parse_traceparent(h), h);
}

TEST_CASE("traceparent: a future version is read by its first four fields") {
  auto tp = parse_traceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future");
  REQUIRE(tp);
  CHECK(tp->trace_id == "4bf92f3577b34da6a3ce929d0e0e4736");
}

TEST_CASE("traceparent: written as version 00 with the sampled flag") {
  CHECK(format_traceparent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true) ==
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  CHECK(format_traceparent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", false) ==
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
}

TEST_CASE("trace and span ids come from the random source, as lowercase hex of the right length") {
  CountingRandom random;
  std::string trace = new_trace_id(random);
  std::string span = new_span_id(random);
  CHECK(trace == "10000000000000002000000000000000");  // words 1 and 2, low nibble first
  CHECK(span == "3000000000000000");
  CHECK(parse_traceparent(format_traceparent(trace, span, true)));
}

TEST_CASE("an all-zero id is never produced") {
  struct Zeros : RandomSource {
    int calls = 0;
    uint64_t next_u64() override { return ++calls <= 2 ? 0 : 7; }
  } zeros;
  CHECK(new_span_id(zeros) == "7000000000000000");
  CHECK(zeros.calls == 3);
}

}  // namespace gw
