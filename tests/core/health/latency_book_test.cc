// LatencyBook: p50 time to first token and total time per provider × model,
// what the latency router and x-gw-route show as measured.
#include "core/health/latency_book.h"

#include <doctest/doctest.h>

#include "tests/support/fake_clock.h"

namespace gw {

TEST_CASE("latency book: p50 TTFT from streams and p50 total from every answer, per provider and model") {
  FakeClock clock;
  LatencyBook book(clock);
  book.record("groq", "m/a", 100, 900);
  book.record("groq", "m/a", 300, 1100);
  book.record("groq", "m/a", 200, 1000);
  book.record("groq", "m/a", std::nullopt, 5000);  // a whole answer: total only
  book.record("openai", "m/a", 40, 400);
  AnswerLatency a = book.figures("groq", "m/a");
  CHECK(a.ttft_p50_ms == 200);
  CHECK(a.ttft_samples == 3);
  CHECK(a.total_samples == 4);
  CHECK(a.total_p50_ms == 1100);  // upper median of 900, 1000, 1100, 5000
  CHECK(book.figures("openai", "m/a").total_p50_ms == 400);
  AnswerLatency none = book.figures("groq", "m/b");
  CHECK(none.total_samples == 0);
  CHECK(none.total_p50_ms == 0);
  auto rows = book.rows();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].provider == "groq");
  CHECK(rows[1].provider == "openai");
}

TEST_CASE("latency book: only the last 64 answers count, and none older than an hour") {
  FakeClock clock;
  LatencyBook book(clock);
  for (int i = 0; i < 64; ++i) book.record("p", "m", std::nullopt, 5000);
  for (int i = 0; i < 64; ++i) book.record("p", "m", std::nullopt, 100);  // the slow ones roll out
  CHECK(book.figures("p", "m").total_samples == 64);
  CHECK(book.figures("p", "m").total_p50_ms == 100);
  clock.advance_ms(LatencyBook::kMaxAgeMs - 1000);
  book.record("p", "m", std::nullopt, 700);
  clock.advance_ms(2000);  // the 64 older samples are now past the hour
  AnswerLatency a = book.figures("p", "m");
  CHECK(a.total_samples == 1);
  CHECK(a.total_p50_ms == 700);
  clock.advance_ms(LatencyBook::kMaxAgeMs);
  CHECK(book.figures("p", "m").total_samples == 0);  // back to the prior
}

TEST_CASE("latency book: memory is bounded; pairs past the cap are not measured") {
  FakeClock clock;
  LatencyBook book(clock);
  for (size_t i = 0; i < LatencyBook::kMaxPairs + 10; ++i) book.record("p", "m" + std::to_string(i), 1, 2);
  CHECK(book.rows().size() == LatencyBook::kMaxPairs);
  CHECK(book.figures("p", "m0").total_samples == 1);
  CHECK(book.figures("p", "m" + std::to_string(LatencyBook::kMaxPairs + 5)).total_samples == 0);
}

}  // namespace gw
