// chat_once.cc - see chat_once.h. Single-threaded.
#include "cli/chat_once.h"

#include <ostream>

#include "core/chat/turn_stats.h"
#include "core/json/json_parse.h"
#include "core/terminal/ansi.h"
#include "core/terminal/markdown_renderer.h"

namespace gw {

int run_chat_once(AppContext& ctx, ChatBackend& backend, Conversation& c, ChatSessionStore* store,
                  const OnceOutput& output) {
  const bool stream = output.stream && !output.json;
  MarkdownRenderer renderer(output.color && !output.json);
  const std::atomic<bool> not_cancelled{false};  // Ctrl-C ends the process here
  auto reply = backend.send(
      c.request_body(stream), [&](std::string_view piece) { *ctx.out << renderer.feed(piece) << std::flush; },
      not_cancelled);
  if (!reply) {
    *ctx.out << renderer.finish() << std::flush;
    return report_error(ctx, reply.error());
  }
  if (output.json) {
    auto j = parse_json(reply->raw);
    *ctx.out << (j.is_discarded() ? reply->raw : j.dump(2)) << "\n";
  } else {
    if (!stream) *ctx.out << renderer.feed(reply->text);
    *ctx.out << renderer.finish();
    if (reply->text.empty() || reply->text.back() != '\n') *ctx.out << "\n";
  }
  ctx.out->flush();
  if (output.quiet_line) *ctx.err << ansi::paint(quiet_line(reply->stats), ansi::kDim, output.quiet_color) << "\n";
  if (store) {
    c.add_answer(std::move(reply->text), std::move(reply->stats), false);
    if (Status st = store->save(c); !st) return report_error(ctx, st.error());
  }
  return 0;
}

}  // namespace gw
