// repl_commands.cc - the slash command table and its handlers. Each handler
// reads or edits the ReplSession and says what the REPL does next.
// Single-threaded.
#include "cli/repl_commands.h"

#include <ostream>

#include "core/base/edit_distance.h"

namespace gw {
namespace {

constexpr int kSessionsListed = 20;  // /load with no name lists this many

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

SlashOutcome model(ReplSession& s, std::string_view args) {
  if (args.empty()) {
    s.note("model: " + s.conversation.model);
    return SlashOutcome::kContinue;
  }
  auto id = s.check_model(args);
  if (!id) {
    s.report(id.error());
    return SlashOutcome::kContinue;
  }
  s.conversation.model = *id;
  s.note("model: " + *id);
  s.save();
  return SlashOutcome::kContinue;
}

SlashOutcome system_prompt(ReplSession& s, std::string_view args) {
  if (args.empty()) {
    s.note("system: " + (s.conversation.system.empty() ? std::string("(none)") : s.conversation.system));
    return SlashOutcome::kContinue;
  }
  s.conversation.system = args == "off" ? "" : std::string(args);
  s.note(s.conversation.system.empty() ? "system prompt removed" : "system prompt set");
  s.save();
  return SlashOutcome::kContinue;
}

SlashOutcome clear(ReplSession& s, std::string_view) {
  std::string old = s.conversation.name;
  bool had_messages = !s.conversation.messages.empty();
  s.conversation.messages.clear();
  s.conversation.name.clear();  // a new session; the old one stays saved
  s.note(s.store && had_messages && !old.empty()
             ? "new conversation (the last one is saved as " + old + "; /load " + old + " to go back)"
             : "new conversation");
  return SlashOutcome::kContinue;
}

SlashOutcome retry(ReplSession& s, std::string_view) {
  if (s.conversation.drop_last_answer()) return SlashOutcome::kAnswer;
  s.note("nothing to retry yet");
  return SlashOutcome::kContinue;
}

SlashOutcome usage(ReplSession& s, std::string_view) {
  *s.out << s.totals.report();
  return SlashOutcome::kContinue;
}

SlashOutcome save(ReplSession& s, std::string_view args) {
  if (!s.store) {
    s.report(make_error(ErrorKind::kIo, "sessions cannot be saved: the database is not available"));
    return SlashOutcome::kContinue;
  }
  // /save NAME names this conversation (the chat-N it was saved as becomes
  // NAME); it never copies it, and never overwrites another.
  if (!args.empty() && args != s.conversation.name) {
    if (Status st = s.store->rename(s.conversation.name, args); !st) {
      s.report(st.error());
      return SlashOutcome::kContinue;
    }
    s.conversation.name = std::string(args);
  }
  if (Status st = s.store->save(s.conversation); !st) {
    s.report(st.error());
    return SlashOutcome::kContinue;
  }
  s.note("saved as " + s.conversation.name);
  return SlashOutcome::kContinue;
}

SlashOutcome load(ReplSession& s, std::string_view args) {
  if (!s.store) {
    s.report(make_error(ErrorKind::kIo, "sessions cannot be loaded: the database is not available"));
    return SlashOutcome::kContinue;
  }
  auto sessions = s.store->list(args.empty() ? kSessionsListed : 1000);
  if (!sessions) {
    s.report(sessions.error());
    return SlashOutcome::kContinue;
  }
  if (args.empty()) {
    if (sessions->empty()) s.note("no saved sessions yet");
    for (const SessionSummary& x : *sessions)
      *s.out << "  " << x.name << "  " << x.model << "  " << x.messages << " messages\n";
    return SlashOutcome::kContinue;
  }
  auto loaded = s.store->load(args);
  if (!loaded || !*loaded) {
    if (!loaded) {
      s.report(loaded.error());
      return SlashOutcome::kContinue;
    }
    std::vector<std::string> names;
    for (const SessionSummary& x : *sessions) names.push_back(x.name);
    std::string near = closest_name(args, names);
    s.report(make_error(ErrorKind::kNotFound, "no session named '" + std::string(args) + "'" +
                                                  (near.empty() ? "" : "; did you mean " + near + "?")));
    return SlashOutcome::kContinue;
  }
  s.conversation = std::move(**loaded);
  s.note("loaded " + s.conversation.name + ": " + std::to_string(s.conversation.messages.size()) + " messages, model " +
         s.conversation.model);
  return SlashOutcome::kContinue;
}

SlashOutcome help(ReplSession& s, std::string_view) {
  *s.out << slash_help();
  return SlashOutcome::kContinue;
}

SlashOutcome exit_repl(ReplSession&, std::string_view) { return SlashOutcome::kExit; }

}  // namespace

const std::vector<SlashCommand>& slash_commands() {
  static const std::vector<SlashCommand> kCommands = {
      {"model", "[NAME]", "show the model, or switch to another for the next answers", model},
      {"system", "[TEXT|off]", "show, set or remove the system prompt", system_prompt},
      {"clear", "", "start a new conversation (the current one stays saved)", clear},
      {"retry", "", "ask again for the last answer", retry},
      {"usage", "", "tokens and cost of this session, per model", usage},
      {"save", "[NAME]", "save the conversation (under NAME from now on)", save},
      {"load", "[NAME]", "continue a saved conversation; without NAME, list them", load},
      {"help", "", "this list", help},
      {"exit", "", "leave (Ctrl-D also does)", exit_repl},
  };
  return kCommands;
}

std::string slash_help() {
  size_t width = 0;
  for (const SlashCommand& c : slash_commands())
    width = std::max(width, c.name.size() + (c.args.empty() ? 0 : c.args.size() + 1));
  std::string out = "commands:\n";
  for (const SlashCommand& c : slash_commands()) {
    std::string usage = std::string(c.name) + (c.args.empty() ? "" : " " + std::string(c.args));
    out += "  /" + usage + std::string(width - usage.size() + 2, ' ') + std::string(c.summary) + "\n";
  }
  out +=
      "input:\n"
      "  end a line with \\ to continue it on the next; a line of \"\"\" starts and ends a block\n"
      "  Ctrl-C stops an answer (or clears the line); Ctrl-D leaves\n";
  return out;
}

SlashOutcome run_slash_command(ReplSession& session, std::string_view input) {
  std::string_view rest = input.substr(1);  // after '/'
  size_t space = rest.find_first_of(" \t");
  std::string_view name = rest.substr(0, space);
  std::string_view args = space == std::string_view::npos ? std::string_view() : trim(rest.substr(space));
  std::vector<std::string> names;
  for (const SlashCommand& c : slash_commands()) {
    if (c.name == name) return c.run(session, args);
    names.emplace_back(c.name);
  }
  std::string near = closest_name(name, names);
  session.report(make_error(ErrorKind::kUsage, "unknown command /" + std::string(name) +
                                                   (near.empty() ? "" : "; did you mean /" + near + "?") +
                                                   " (/help lists them)"));
  return SlashOutcome::kContinue;
}

}  // namespace gw
