// gw chat - ask a model from the terminal. With a prompt (arguments, or
// stdin when it is piped) it answers once; on a terminal with no prompt it
// starts the REPL (cli/repl.h). Works in-process (a Gateway built here, no
// server needed) or against a running server with --url. Conversations of
// the REPL, and of one-shot chats given --session/--continue, are saved in
// the database. Single-threaded (the REPL's worker threads are its own).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <iterator>
#include <ostream>

#include "cli/chat_once.h"
#include "cli/chat_template.h"
#include "cli/color.h"
#include "cli/command_table.h"
#include "cli/editline_reader.h"
#include "cli/interrupt.h"
#include "cli/interruptible_backend.h"
#include "cli/repl.h"
#include "cli/repl_commands.h"
#include "cli/repl_completion.h"
#include "cli/server_client.h"
#include "cli/value_kinds.h"
#include "core/catalog/catalog.h"
#include "core/catalog/model_resolver.h"
#include "core/chat/image_attachment.h"
#include "core/chat/model_options.h"
#include "core/chat/text_attachment.h"
#include "core/providers/provider_registry.h"
#include "core/router/router_spec.h"
#include "proxy/io/paths.h"

namespace gw {
namespace {

struct ChatOptions {
  std::string model;
  bool model_given = false;
  std::string system;
  BackendTarget target;
  bool json = false;
  bool no_stream = false;
  std::vector<std::string> prompt;
  std::vector<std::string> files;
  std::vector<std::string> images;  // -a FILE
  std::string session;              // --session NAME
  bool resume_latest = false;       // --continue
  std::string color = "auto";
  bool no_color = false;
  std::vector<std::string> options;     // -o KEY=VALUE
  std::string temperature, max_tokens;  // shorthands for -o temperature= / max_tokens=; "" = not given
  std::string template_name;            // -t NAME; "" = none
};

void trim_newlines(std::string& text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
}

// The prompt: all of stdin when it is not a terminal, then the arguments
// after a blank line (`printf code | gw chat "explain this"` sends both).
std::string read_prompt(const ChatOptions& opts, AppContext& ctx) {
  std::string piped, words;
  if (!ctx.stdin_is_tty) piped.assign(std::istreambuf_iterator<char>(*ctx.in), std::istreambuf_iterator<char>());
  trim_newlines(piped);
  for (const auto& word : opts.prompt) words += (words.empty() ? "" : " ") + word;
  trim_newlines(words);
  if (piped.empty() || words.empty()) return piped + words;
  return piped + "\n\n" + words;
}

// The -f files, read whole; kIo when one cannot be read.
Result<std::vector<TextAttachment>> read_attachments(const std::vector<std::string>& paths) {
  std::vector<TextAttachment> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
      return make_error(ErrorKind::kIo, "cannot attach " + path + ": it is a directory (attach its files one by one)");
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorKind::kIo, "cannot read " + path + ": " + std::strerror(errno));
    files.push_back({path, std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>())});
  }
  return files;
}

// The model when -m names none: $GW_MODEL, then [chat] model, then mock/echo.
std::string default_model(const Config& config) {
  if (const char* env = std::getenv("GW_MODEL"); env && *env) return env;
  return config.chat.model.empty() ? "mock/echo" : config.chat.model;
}

// The -a images as data: URLs, for a model that takes images.
Result<std::vector<std::string>> read_images(const ChatOptions& opts, const std::string& model) {
  std::vector<std::string> urls;
  if (opts.images.empty()) return urls;
  ModelResolver known(Catalog::builtin(), [](std::string_view) { return true; });
  if (const CatalogModel* m = Catalog::builtin().find(known.canonical_id(model))) {
    if (std::find(m->capabilities.begin(), m->capabilities.end(), "vision") == m->capabilities.end())
      return make_error(ErrorKind::kInvalidRequest,
                        m->id + " does not take images (gw models list --capability vision lists those that do)");
  }
  auto files = read_attachments(opts.images);
  if (!files) return files.error();
  for (const TextAttachment& f : *files) {
    auto url = image_data_url(f.name, f.bytes);
    if (!url) return url.error();
    urls.push_back(std::move(url).value());
  }
  return urls;
}

// The conversation to continue: --session NAME (created when new),
// --continue (the latest), else a new one. -m / -s apply to a resumed one
// only when given.
Result<Conversation> starting_conversation(const ChatOptions& opts, ChatSessionStore* store, const Config& config) {
  Conversation c;
  if (store && !opts.session.empty()) {
    auto loaded = store->load(opts.session);
    if (!loaded) return loaded.error();
    if (*loaded) c = std::move(**loaded);
    else c.name = opts.session;
  } else if (store && opts.resume_latest) {
    auto latest = store->load_latest();
    if (!latest) return latest.error();
    if (!*latest) return make_error(ErrorKind::kNotFound, "no saved conversation to continue yet");
    c = std::move(**latest);
  }
  const bool resumed = !c.messages.empty() || !c.model.empty();
  if (opts.model_given) c.model = opts.model;
  else if (!resumed) c.model = default_model(config);
  if (!resumed || !opts.system.empty()) c.system = opts.system;
  return c;
}

ModelCheck model_check_concrete(AppContext& ctx, const BackendTarget& target, const Config& config);

// The REPL's /model check (a router:* name is checked for its mode only): the canonical ID of a model some provider can
// serve here - in-process, a provider configured with a credential; with
// --url, one the server says is available. Unknown names get close matches;
// a known model nobody serves is refused now, not at the next question.
ModelCheck model_check(AppContext& ctx, const BackendTarget& target, const Config& config) {
  ModelCheck check = model_check_concrete(ctx, target, config);
  return [check](std::string_view name) -> Result<std::string> {
    if (!is_router_name(name)) return check(name);
    auto spec = parse_router_spec(name);  // the router picks per question
    if (!spec) return spec.error();
    return router_name(*spec);
  };
}

ModelCheck model_check_concrete(AppContext& ctx, const BackendTarget& target, const Config& config) {
  if (target.url.empty())
    return [providers = config.providers](std::string_view name) -> Result<std::string> {
      ProviderRegistry registry(providers, [](const char* n) { return std::getenv(n); });
      ModelResolver resolver(Catalog::builtin(), [&registry](std::string_view s) { return registry.available(s); });
      auto resolved = resolver.resolve(name, "");
      if (!resolved) return resolved.error();
      return resolved->model->id;
    };
  return [&ctx, target](std::string_view name) -> Result<std::string> {
    ModelResolver known(Catalog::builtin(), [](std::string_view) { return true; });
    auto resolved = known.resolve(name, "");  // unknown names: did-you-mean, no round trip
    if (!resolved) return resolved.error();
    const std::string id = resolved->model->id;
    auto view = call_server(ctx, ServerTarget{target.url, target.key}, "GET", "/v1/models/" + id, "");
    if (!view) return view.error();
    for (const auto& offer : view->value("providers", nlohmann::json::array()))
      if (offer.value("available", false)) return id;
    return make_error(ErrorKind::kUnavailable, "the server at " + target.url + " has no provider for " + id);
  };
}

// What the REPL's Tab completes from: the slash command table, the models
// and conversations `gw __complete` lists, and the file system.
CompletionSources completion_sources(AppContext& ctx) {
  CompletionSources s;
  for (const SlashCommand& c : slash_commands()) s.slash_commands.emplace_back(c.name);
  s.models = [&ctx] { return completion_candidates(ctx, "models"); };
  s.sessions = [&ctx] { return completion_candidates(ctx, "sessions"); };
  s.dir = [](const std::string& dir) {
    std::vector<std::string> names;
    std::string path = dir.empty() ? "." : dir;
    if (path[0] == '~')
      if (const char* home = std::getenv("HOME")) path = home + path.substr(1);
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(path, ec))
      names.push_back(entry.path().filename().string() + (entry.is_directory(ec) ? "/" : ""));
    return names;
  };
  return s;
}

int run_chat(const ChatOptions& given, AppContext& ctx) {
  // -t NAME fills in what -m and -s did not say; its prompt shapes a one-shot's message.
  ChatOptions opts = given;
  PromptTemplate tmpl;
  if (!given.template_name.empty()) {
    auto loaded = load_template(ctx, given.template_name);
    if (!loaded) return report_error(ctx, loaded.error());
    tmpl = std::move(loaded).value();
    if (!opts.model_given && !tmpl.model.empty()) opts.model = tmpl.model, opts.model_given = true;
    if (opts.system.empty()) opts.system = tmpl.system;
  }
  const ColorMode mode = opts.no_color ? ColorMode::kNever : *parse_color_mode(opts.color);
  auto files = read_attachments(opts.files);
  if (!files) return report_error(ctx, files.error());
  auto attached = message_with_attachments(*files, "");  // refuses binary files before anything is sent
  if (!attached) return report_error(ctx, attached.error());

  std::string prompt = read_prompt(opts, ctx);
  const bool repl = prompt.empty() && ctx.stdin_is_tty && !opts.json;
  if (!repl) prompt = apply_template(tmpl, prompt);
  if (!repl && prompt.empty() && files->empty())
    return report_error(ctx, make_error(ErrorKind::kUsage, "no prompt: pass it as an argument or pipe it to stdin"));
  if (repl && !opts.images.empty())
    return report_error(ctx,
                        make_error(ErrorKind::kUsage, "-a attaches images to a one-shot prompt; pass the prompt too"));

  // Every conversation, one-shots included, is saved in the database (so
  // -c continues the last one); without a database a chat still works,
  // unsaved, unless --session/-c asked for one.
  const bool needs_store = !opts.session.empty() || opts.resume_latest;
  auto config = load_config(ctx.globals.config_path);
  if (!config) return report_error(ctx, config.error());
  std::unique_ptr<Database> db;
  std::unique_ptr<ChatSessionStore> store;
  auto opened = Database::open(db_path(ctx.globals.db_path, *config));
  if (opened) {
    db = std::move(opened).value();
    store = std::make_unique<ChatSessionStore>(*db, system_clock());
  } else if (needs_store) {
    return report_error(ctx, opened.error());
  } else if (repl || ctx.stderr_is_tty) {
    *ctx.err << "gw: conversations will not be saved: " << opened.error().message << "\n";
  }
  auto conversation = starting_conversation(opts, store.get(), *config);
  if (!conversation) return report_error(ctx, conversation.error());
  std::vector<std::string> pairs = opts.options;
  if (!opts.temperature.empty()) pairs.push_back("temperature=" + opts.temperature);
  if (!opts.max_tokens.empty()) pairs.push_back("max_tokens=" + opts.max_tokens);
  auto model_options = parse_model_options(pairs);
  if (!model_options) return report_error(ctx, model_options.error());
  conversation->options = std::move(model_options).value();

  auto backend = make_chat_backend(ctx, opts.target);
  if (!backend) return report_error(ctx, backend.error());
  Spinner spinner(*ctx.err, ctx.stderr_is_tty);

  if (!repl) {
    InterruptibleBackend waiting(**backend, spinner, [] { return false; });  // Ctrl-C ends the process
    auto images = read_images(opts, conversation->model);
    if (!images) return report_error(ctx, images.error());
    conversation->add_user(prompt.empty() ? *attached : *attached + (attached->empty() ? "" : "\n\n") + prompt);
    conversation->messages.back().images = std::move(images).value();
    OnceOutput out;
    out.json = opts.json;
    out.stream = !opts.no_stream;
    out.color = use_color(mode, ctx.stdout_is_tty);
    out.quiet_line = ctx.stderr_is_tty && !opts.json;
    out.quiet_color = use_color(mode, ctx.stderr_is_tty);
    return run_chat_once(ctx, waiting, *conversation, store.get(), out);
  }

  InterruptCatcher catcher;  // Ctrl-C stops an answer, not the session
  EditlineReader reader(default_history_path());
  const CompletionSources sources = completion_sources(ctx);
  reader.set_completer([&sources](std::string_view before) { return complete_repl_input(before, sources); });
  InterruptibleBackend waiting(**backend, spinner, &InterruptCatcher::take);
  ReplSession session;
  session.conversation = std::move(conversation).value();
  session.store = store.get();
  session.out = ctx.out;
  session.err = ctx.err;
  session.color = use_color(mode, ctx.stdout_is_tty);
  session.check_model = model_check(ctx, opts.target, *config);
  return Repl(session, reader, waiting).run(*attached);
}

}  // namespace

CLI::App* setup_chat_command(CLI::App& parent, AppContext& ctx) {
  auto opts = std::make_shared<ChatOptions>();
  auto* cmd = parent.add_subcommand(
      "chat", "Ask a model from the terminal (REPL on a terminal; one-shot with a prompt or piped stdin)");
  cmd->add_option("prompt", opts->prompt, "The prompt (default: read stdin; none on a terminal: start the REPL)")
      ->type_name("PROMPT");
  auto* model =
      cmd->add_option("-m,--model", opts->model,
                      "Model ID or alias (default $GW_MODEL, then [chat] model in the config, else mock/echo)")
          ->type_name("MODEL");
  cmd->add_option("-s,--system", opts->system, "System prompt")->type_name("TEXT");
  cmd->add_option("-f,--file", opts->files, "Attach a text file to the (first) message; repeatable")
      ->allow_extra_args(false)  // one file per -f, so a prompt may follow
      ->type_name("FILE");
  cmd->add_option("-a,--attach", opts->images, "Attach an image (PNG, JPEG, GIF, WebP) for a vision model; repeatable")
      ->allow_extra_args(false)
      ->type_name("FILE");
  auto* session =
      cmd->add_option("--session", opts->session, "Resume the saved conversation NAME, or start one under that name")
          ->type_name("SESSION");
  cmd->add_flag("-c,--continue", opts->resume_latest, "Resume the most recently saved conversation (REPL or one-shot)")
      ->excludes(session);
  cmd->add_option("-t,--template", opts->template_name,
                  "Use the prompt template NAME (<config dir>/templates/NAME.toml: system, model, prompt)")
      ->type_name("TEMPLATE");
  cmd->add_option("-o,--option", opts->options,
                  "Model option KEY=VALUE sent with each request, e.g. -o temperature=0.2 -o stop=END; repeatable")
      ->allow_extra_args(false)
      ->type_name("KEY=VALUE");
  cmd->add_option("--temperature", opts->temperature, "Sampling temperature, e.g. 0.2 (same as -o temperature=...)")
      ->check(CLI::Number)
      ->type_name("NUMBER");
  cmd->add_option("--max-tokens", opts->max_tokens, "Most tokens the answer may use (same as -o max_tokens=...)")
      ->check(CLI::PositiveNumber)
      ->type_name("N");
  cmd->add_option("--url", opts->target.url,
                  "Send to a running gw serve (e.g. http://127.0.0.1:8080) instead of in-process")
      ->type_name("URL");
  cmd->add_option("--key", opts->target.key, "API key for --url (default $GW_API_KEY)")->type_name("API_KEY");
  cmd->add_option("--replay", opts->target.replay_dir,
                  "Answer from the cassettes in DIR (recorded by gw serve --record), offline; a miss is an error")
      ->type_name("DIR");
  cmd->add_flag("--json", opts->json, "Print the whole response object as JSON (implies --no-stream)");
  cmd->add_flag("--no-stream", opts->no_stream, "Wait for the whole answer instead of streaming it");
  cmd->add_option("--color", opts->color, "Colour: auto (terminal and no NO_COLOR), always or never (default auto)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  cmd->add_flag("--no-color", opts->no_color, "Same as --color=never");
  cmd->callback([opts, model, &ctx] {
    opts->model_given = model->count() > 0;
    if (!opts->target.replay_dir.empty() && !opts->target.url.empty()) {
      ctx.exit_code =
          report_error(ctx, make_error(ErrorKind::kUsage, "--replay is in-process; it cannot go with --url"));
      return;
    }
    ctx.exit_code = run_chat(*opts, ctx);
  });
  return cmd;
}

}  // namespace gw
