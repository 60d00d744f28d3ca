// repl.cc - see repl.h. Single-threaded.
#include "cli/repl.h"

#include <ostream>

#include "cli/repl_commands.h"
#include "cli/repl_input.h"
#include "core/terminal/markdown_renderer.h"

namespace gw {
namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

void Repl::banner() const {
  const Conversation& c = session_.conversation;
  std::string line = "gw chat \xC2\xB7 " + c.model;
  if (!c.messages.empty())
    line += " \xC2\xB7 resumed " + c.name + " (" + std::to_string(c.messages.size()) + " messages)";
  else if (!c.name.empty()) line += " \xC2\xB7 session " + c.name;
  session_.note(line + " \xC2\xB7 /help for commands, Ctrl-D to leave");
}

int Repl::run(std::string first_prefix) {
  banner();
  InputAssembler assembler;
  for (;;) {
    LineEvent ev = reader_.read_line(assembler.in_progress() ? kMorePrompt : kPrompt);
    if (ev.kind == LineEvent::kEnd) {
      *session_.out << "\n";
      break;
    }
    if (ev.kind == LineEvent::kInterrupted) {  // the half-typed input is dropped
      assembler.reset();
      *session_.out << "\n";
      continue;
    }
    std::optional<std::string> input = assembler.feed(ev.text);
    if (!input || blank(*input)) continue;
    reader_.add_history(*input);  // a multi-line input is one entry, recalled whole
    if ((*input)[0] == '/' && input->find('\n') == std::string::npos) {
      SlashOutcome outcome = run_slash_command(session_, *input);
      if (outcome == SlashOutcome::kExit) break;
      if (outcome == SlashOutcome::kAnswer) answer(false);
      continue;
    }
    session_.conversation.add_user(first_prefix.empty() ? *input : first_prefix + "\n\n" + *input);
    first_prefix.clear();
    answer(true);
  }
  return 0;
}

void Repl::answer(bool fresh_question) {
  std::ostream& out = *session_.out;
  MarkdownRenderer renderer(session_.color);
  const std::atomic<bool> not_cancelled{false};  // Ctrl-C is the backend's to notice
  auto reply = backend_.send(
      session_.conversation.request_body(/*stream=*/true),
      [&](std::string_view piece) { out << renderer.feed(piece) << std::flush; }, not_cancelled);
  out << renderer.finish();
  if (!reply) {
    if (fresh_question) session_.conversation.messages.pop_back();
    out << std::flush;
    session_.report(reply.error());
    return;
  }
  if (!reply->text.empty() && reply->text.back() != '\n') out << "\n";
  if (reply->cancelled) {
    session_.note("[interrupted]");
  } else {
    session_.note(quiet_line(reply->stats));
    session_.totals.add(reply->stats);
  }
  session_.conversation.add_answer(std::move(reply->text), std::move(reply->stats), reply->cancelled);
  session_.save();
}

}  // namespace gw
