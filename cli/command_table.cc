#include "cli/command_table.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ostream>

#include "core/base/edit_distance.h"

namespace gw {

const std::vector<CommandSpec>& command_table() {
  static const std::vector<CommandSpec> kCommands = {
      {"serve",
       "Run the local gateway (OpenAI- and Anthropic-compatible HTTP API)",
       setup_serve_command,
       {{"gw serve", "the gateway on 127.0.0.1:8080"},
        {"gw serve --port 9000", "on another port"},
        {"gw serve --record cassettes/", "forward as usual and record every provider exchange"},
        {"gw serve --replay cassettes/", "answer from the recordings, offline (CI)"}}},
      {"chat",
       "Ask a model from the terminal (REPL on a terminal; one-shot with a prompt or piped stdin)",
       setup_chat_command,
       {{"gw chat", "the REPL (on a terminal)"},
        {"gw chat -m sonnet \"why is the sky blue?\"", "one question, the answer streamed"},
        {"git diff | gw chat \"review this\"", "piped text and the question, both sent"},
        {"gw chat -c \"and in French?\"", "continue the last conversation"},
        {"gw chat -f notes.txt -o temperature=0.2 \"summarise\"", "attach a file, set a model option"},
        {"gw chat --replay cassettes/ -m mock/echo \"hi\"", "answered from recordings, offline"}}},
      {"logs",
       "Saved conversations (list, search, show) and the latest requests of the usage log",
       setup_logs_command,
       {{"gw logs", "the latest conversations"},
        {"gw logs -q kubernetes", "those that mention kubernetes"},
        {"gw logs show chat-3 --json", "one conversation, whole"},
        {"gw logs requests -q sonnet", "the latest requests to sonnet models"}}},
      {"models",
       "List and inspect the model catalog",
       setup_models_command,
       {{"gw models list --capability vision --sort price", "the cheapest vision models"},
        {"gw models show sonnet", "one model: prices, aliases, providers"}}},
      {"users",
       "Create and inspect user accounts (plans, balances, trials)",
       setup_users_command,
       {{"gw users create alice --email alice@example.com", "a Trial user and its key"},
        {"gw users delete alice --yes", "the user and its keys"}}},
      {"keys",
       "Create, list and revoke API keys",
       setup_keys_command,
       {{"gw keys create alice --role dev --ip 10.0.0.0/8", "a restricted key"}, {"gw keys list --user alice", ""}}},
      {"credits",
       "A user's balance, adding credits, and the ledger",
       setup_credits_command,
       {{"gw credits add alice 20 --kind purchase", "add $20"}, {"gw credits history alice", "the ledger"}}},
      {"usage",
       "Requests, tokens and cost by model, provider, day, user or route",
       setup_usage_command,
       {{"gw usage --by user --days 7", "this week's cost per user"},
        {"gw usage --by route", "what the routers chose, per router, tier and model"}}},
      {"route",
       "Explain and evaluate the router:* models without calling a provider",
       setup_route_command,
       {{"gw route explain -m router:code:auto \"fix this stack trace\"", "the tier, the ranked candidates, the pick"},
        {"gw route eval tests/data/router_eval.jsonl", "accuracy, confusion matrix and cost vs always-best"}}},
      {"ui",
       "Open the web dashboard of a running server",
       setup_ui_command,
       {{"gw ui", "print the dashboard's URL and open it in a browser"},
        {"gw ui --no-open --url http://gw.internal:8080", "only print the URL of another server's dashboard"}}},
      {"health",
       "Status, incidents and provider health of a running server",
       setup_health_command,
       {{"gw health || echo degraded", "exit 69 when degraded"}}},
      {"breakers",
       "Show or reset the circuit breakers of a running server",
       setup_breakers_command,
       {{"gw breakers list", ""}, {"gw breakers reset groq", "close groq's breaker now"}}},
      {"cache",
       "Counters of a running server's response cache, and clearing it",
       setup_cache_command,
       {{"gw cache stats", "hits, misses and what the hits saved"},
        {"gw cache clear --model sonnet --user alice", "forget alice's cached sonnet answers"}}},
      {"cassette",
       "Read and check recorded provider exchanges (gw serve --record DIR)",
       setup_cassette_command,
       {{"gw cassette list cassettes/", "one line per recorded exchange"},
        {"gw cassette show cassettes/mock_v1-chat-completions_echo_1a2b3c4d5e6f_0.json", ""},
        {"gw cassette lint cassettes/ && git add cassettes/", "refuse to commit a suspected secret"}}},
      {"webhooks",
       "Add, list and test webhook endpoints and see their deliveries",
       setup_webhooks_command,
       {{"gw webhooks add https://hooks.example.com/gw --event credits.low", ""}}},
      {"audit", "Security violations recorded by the server, newest first", setup_audit_command},
      {"config",
       "Create, locate and show the configuration file",
       setup_config_command,
       {{"gw config init", "write a commented starter file"}, {"gw config show --json", "the effective settings"}}},
      {"mock", "Run a standalone fake upstream provider for tests and benchmarks", setup_mock_command},
      {"completions",
       "Print a shell completion script (bash, zsh, fish)",
       setup_completions_command,
       {{"source <(gw completions bash)", "completion in this bash"}}},
      {"manpage", "Print the gw(1) man page (roff)", setup_manpage_command},
      {"help", "Help on a command: gw help chat, gw help models list", setup_help_command},
      {"__complete", "List completion candidates of a kind (for shell completion)", setup_complete_command},
  };
  return kCommands;
}

namespace {

// For a mistyped command ("gw modles", "gw models lst"): the first word that
// is not a subcommand where one is expected, and the closest real one.
std::string unknown_command_hint(const CLI::App& root, int argc, const char* const* argv) {
  const CLI::App* app = &root;
  std::string path = "gw";
  for (int i = 1; i < argc; ++i) {
    std::string_view word = argv[i];
    if (word.empty()) continue;
    if (word == "--") return {};  // the rest are arguments
    if (word[0] == '-') {         // an option; skip its value when given as a separate word
      const bool inline_value = word.find('=') != std::string_view::npos;
      const std::string name(word.substr(0, word.find('=')));
      const CLI::Option* opt = app->get_option_no_throw(name);
      if (!opt && app != &root) opt = root.get_option_no_throw(name);
      if (opt) {
        if (!inline_value && opt->get_expected_min() > 0) ++i;
        continue;
      }
      if (name.size() < 2 || std::isdigit(static_cast<unsigned char>(name[1]))) continue;  // "-5": a number
      std::vector<std::string> names;
      for (const CLI::Option* o : app->get_options())
        for (const auto& l : o->get_lnames()) names.push_back("--" + l);
      std::string hint = "unknown option '" + name + "' for '" + path + "'";
      if (std::string near = closest_name(name, names); !near.empty()) hint += "; did you mean '" + near + "'?";
      return hint;
    }
    auto subs = app->get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); });
    if (subs.empty()) return {};
    const CLI::App* next = nullptr;
    std::vector<std::string> names;
    for (const CLI::App* sub : subs) {
      if (sub->get_name() == word) next = sub;
      names.push_back(sub->get_name());
    }
    if (!next) {
      std::string hint = "unknown command '" + path + " " + std::string(word) + "'";
      if (std::string near = closest_name(word, names); !near.empty())
        hint += "; did you mean '" + path + " " + near + "'?";
      return hint;
    }
    app = next;
    path += " " + next->get_name();
  }
  return {};
}

// The command the parse got to: gw, then each subcommand it entered.
const CLI::App* deepest_command(const CLI::App& root, std::string* path) {
  const CLI::App* app = &root;
  *path = "gw";
  for (auto subs = app->get_subcommands(); !subs.empty(); subs = app->get_subcommands()) {
    app = subs.front();
    *path += " " + app->get_name();
  }
  return app;
}

}  // namespace

std::string subcommand_list(const CLI::App& app) {
  std::string text;
  size_t width = 0;
  auto subs = app.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); });
  for (const CLI::App* sub : subs) width = std::max(width, sub->get_name().size());
  for (const CLI::App* sub : subs)
    text +=
        "  " + sub->get_name() + std::string(width + 2 - sub->get_name().size(), ' ') + sub->get_description() + "\n";
  return text;
}

std::string examples_text(const std::vector<Example>& examples) {
  if (examples.empty()) return {};
  std::string text = "EXAMPLES:\n";
  for (const Example& e : examples) {
    text += "  " + std::string(e.command) + "\n";
    if (!e.does.empty()) text += "      " + std::string(e.does) + "\n";
  }
  return text;
}

int report_error(AppContext& ctx, const Error& error) {
  *ctx.err << "gw: " << error.message << "\n";
  return error.exit_code();
}

int run_cli(int argc, const char* const* argv, AppContext& ctx) {
  CLI::App app{"gw - one gateway and terminal tool for 30+ LLM providers", "gw"};
  app.set_version_flag("--version", std::string("gw ") + GW_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  if (const char* env = std::getenv("GW_CONFIG")) ctx.globals.config_path = env;
  if (const char* env = std::getenv("GW_DB")) ctx.globals.db_path = env;
  app.add_option("--config", ctx.globals.config_path, "Configuration file (env GW_CONFIG)")->type_name("FILE");
  app.add_option_function<std::string>(
         "--db",
         [&ctx](const std::string& path) {
           ctx.globals.db_path = path;
           ctx.globals.db_given = true;
         },
         "SQLite database file (env GW_DB); given here, account commands work on it even when a server runs")
      ->type_name("FILE");
  for (const CommandSpec& spec : command_table()) {
    CLI::App* cmd = spec.setup(app, ctx);
    if (!spec.examples.empty()) cmd->footer(examples_text(spec.examples));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    *ctx.out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp& e) {
    *ctx.out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion& e) {
    *ctx.out << e.what() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return 0;
    std::string hint = unknown_command_hint(app, argc, argv);
    std::string path;
    const CLI::App* where = deepest_command(app, &path);
    if (hint.empty() && where->get_require_subcommand_min() > 0 && where->get_subcommands().empty()) {
      // "gw", "gw models": what could come next, not just that something must
      *ctx.err << "gw: '" << path << "' needs a command:\n"
               << subcommand_list(*where) << "Run '" << path << " --help' for more.\n";
      return error_info(ErrorKind::kUsage).exit_code;
    }
    *ctx.err << "gw: " << (hint.empty() ? std::string(e.what()) : hint) << "\n";
    if (app.get_subcommands().empty()) *ctx.err << "Run 'gw --help' for the list of commands.\n";
    return error_info(ErrorKind::kUsage).exit_code;
  }
  return ctx.exit_code;
}

}  // namespace gw
