// gw mock - a standalone fake upstream provider (OpenAI dialect) for tests,
// benchmarks and users' CI. Behaviour is scriptable per run (flags), per
// request (x-mock-* headers) and as a queue (POST /_mock/script); see
// core/mock/mock_upstream.h.
#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/command_table.h"
#include "cli/loop_flags.h"
#include "cli/signal_watcher.h"
#include "core/base/clock.h"
#include "core/mock/mock_upstream.h"
#include "proxy/io/process_limits.h"
#include "proxy/server/http_server.h"

namespace gw {
namespace {

struct MockOptions {
  std::string host = "127.0.0.1";
  int port = 9090;
  int threads = 0;
  // Off: the mock stands in for a remote provider, and on a small machine a
  // polling mock takes the CPU that the client and gw under test need.
  int busy_poll_us = 0;
  MockBehavior behavior;
  size_t record_requests = 0;  // proxied requests kept whole for GET /_mock/requests; 0 = none
};

Reply serve_mock(MockUpstream& mock, const InboundRequest& in) {
  MockReply m = mock.handle(in.method, in.query.empty() ? in.path : in.path + "?" + in.query, in.headers, in.body);
  system_clock().sleep_ms(m.latency_ms);
  Reply r;
  r.status = m.status;
  r.headers = m.headers;
  r.content_type = m.content_type;
  if (!m.streaming) {
    r.body = std::move(m.body);
    return r;
  }
  auto state = std::make_shared<MockReply>(std::move(m));
  r.next_chunk = [state, i = size_t{0}](std::string& chunk) mutable {
    if (i >= state->chunks.size()) {
      chunk.clear();  // nothing more: an abort must not resend the last chunk
      return state->truncated ? StreamStep::kAbort : StreamStep::kEnd;
    }
    system_clock().sleep_ms(state->chunk_delay_ms);
    chunk = std::move(state->chunks[i++]);
    // A complete stream's last chunk goes out with its end, as providers' usually do.
    return i == state->chunks.size() && !state->truncated ? StreamStep::kEnd : StreamStep::kChunk;
  };
  return r;
}

int run_mock(const MockOptions& opts, AppContext& ctx) {
  block_stop_signals();     // before any thread starts
  raise_open_file_limit();  // a descriptor per connection, thousands at once
  MockUpstream mock(opts.behavior);
  mock.record_requests(opts.record_requests);
  ServerOptions sopts;
  sopts.host = opts.host;
  sopts.port = opts.port;
  sopts.threads = opts.threads;
  sopts.busy_poll_us = opts.busy_poll_us;
  HttpServer server(sopts, [&mock](const InboundRequest& in) { return serve_mock(mock, in); });
  auto port = server.bind();
  if (!port) return report_error(ctx, port.error());
  *ctx.out << "gw mock listening on http://" << opts.host << ":" << *port << std::endl;
  server.start();
  SignalWatcher watcher(server, 5, *ctx.err);
  watcher.wait_for_stop();  // the main thread waits for signals; the loops serve
  server.wait();
  return 0;
}

}  // namespace

CLI::App* setup_mock_command(CLI::App& parent, AppContext& ctx) {
  auto opts = std::make_shared<MockOptions>();
  auto* cmd = parent.add_subcommand("mock", "Run a standalone fake upstream provider for tests and benchmarks");
  cmd->add_option("--host", opts->host, "Address to bind (default 127.0.0.1)");
  cmd->add_option("--port", opts->port, "Port (default 9090; 0 picks a free port)")->check(CLI::Range(0, 65535));
  add_loop_flags(cmd, opts->threads, opts->busy_poll_us, 0);
  cmd->add_option("--status", opts->behavior.status, "Answer every request with this HTTP status (default 200)")
      ->check(CLI::Range(100, 599));
  cmd->add_option("--latency-ms", opts->behavior.latency_ms, "Wait before each response head (default 0)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--chunk-delay-ms", opts->behavior.chunk_delay_ms, "Wait before each stream chunk (default 0)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--truncate-after", opts->behavior.truncate_after,
                  "Cut streams after N chunks without finishing them (default: never)");
  cmd->add_flag("--no-usage", opts->behavior.no_usage, "Leave usage out of responses");
  cmd->add_option("--record-requests", opts->record_requests,
                  "Keep the last N requests whole (every header, the query, the body) for GET /_mock/requests "
                  "(default 0: off)");
  cmd->add_option("--retry-after", opts->behavior.retry_after_s, "Retry-After seconds sent with 429/503");
  cmd->callback([opts, &ctx] { ctx.exit_code = run_mock(*opts, ctx); });
  return cmd;
}

}  // namespace gw
