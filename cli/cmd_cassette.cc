// gw cassette list|show|lint DIR - read and check the cassettes that
// `gw serve --record DIR` writes: list them (one row per exchange), show one
// (its request and answer, streams frame by frame), and lint a directory for
// anything that looks like a secret (exit 65 when something does, so it can
// guard a commit or a CI job).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/command_table.h"
#include "cli/table.h"
#include "core/base/calendar.h"
#include "core/cassette/cassette_lint.h"
#include "core/cassette/cassette_store.h"
#include "core/json/json_parse.h"
#include "proxy/cassette/dir_cassette_store.h"

namespace gw {
namespace {

struct CassetteCliOptions {
  std::string dir;
  std::string file;  // show: DIR/NAME.json, or a name inside --dir
  bool json = false;
};

std::string answer_summary(const Exchange& e) {
  if (e.status == 0) return "no answer (" + e.error_kind + ")";
  std::string s = std::to_string(e.status);
  if (e.streamed) s += ", " + std::to_string(e.frames.size()) + " frames";
  else s += ", " + std::to_string(e.body.size()) + " bytes";
  if (!e.error_kind.empty()) s += ", then " + e.error_kind;
  return s;
}

int run_list(const CassetteCliOptions& opts, AppContext& ctx) {
  DirCassetteStore store(opts.dir);
  auto all = read_cassettes(store);
  if (!all) return report_error(ctx, all.error());
  if (opts.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Exchange& e : *all)
      out.push_back({{"file", e.file_name()},
                     {"provider", e.provider},
                     {"method", e.method},
                     {"path", e.path},
                     {"model", e.model},
                     {"ordinal", e.ordinal},
                     {"status", e.status},
                     {"streamed", e.streamed},
                     {"frames", e.frames.size()}});
    *ctx.out << out.dump(2) << "\n";
    return 0;
  }
  Table table({"FILE", "PROVIDER", "REQUEST", "MODEL", "#", "ANSWER"});
  for (const Exchange& e : *all)
    table.add_row(
        {e.file_name(), e.provider, e.method + " " + e.path, e.model, std::to_string(e.ordinal), answer_summary(e)});
  *ctx.out << table.render(ctx.stdout_is_tty);
  if (ctx.stdout_is_tty) *ctx.out << all->size() << " recordings in " << opts.dir << "\n";
  return 0;
}

int run_show(const CassetteCliOptions& opts, AppContext& ctx) {
  std::filesystem::path path(opts.file);
  if (!opts.dir.empty() && !path.has_parent_path()) path = std::filesystem::path(opts.dir) / path;
  DirCassetteStore store(path.has_parent_path() ? path.parent_path().string() : ".");
  auto text = store.read(path.filename().string());
  if (!text) return report_error(ctx, text.error());
  auto e = exchange_from_text(*text);
  if (!e) return report_error(ctx, e.error());
  if (opts.json) {
    *ctx.out << *text;
    return 0;
  }
  *ctx.out << "provider  " << e->provider << (e->model.empty() ? "" : "  model " + e->model) << "  ordinal "
           << e->ordinal << "\n"
           << (e->recorded_at > 0 ? "recorded  " + utc_timestamp(e->recorded_at * 1000) + "\n" : "") << "request   "
           << e->method << " " << e->path << "\n";
  for (const auto& [name, value] : e->request_headers) *ctx.out << "          " << name << ": " << value << "\n";
  if (!e->request_body.empty()) {
    auto body = parse_ordered_json(e->request_body);
    *ctx.out << (body.is_discarded() ? e->request_body : body.dump(2)) << "\n";
  }
  *ctx.out << "answer    " << answer_summary(*e) << "\n";
  for (const auto& [name, value] : e->response_headers) *ctx.out << "          " << name << ": " << value << "\n";
  if (e->streamed) {
    for (const Frame& f : e->frames)
      *ctx.out << "+" << f.t_ms << "ms  " << f.data << (f.data.ends_with("\n") ? "" : "\n");
  } else if (!e->body.empty()) {
    auto body = parse_ordered_json(e->body);
    *ctx.out << (body.is_discarded() ? e->body : body.dump(2)) << "\n";
  }
  if (!e->error_kind.empty()) *ctx.out << "error     " << e->error_kind << ": " << e->error_message << "\n";
  return 0;
}

int run_lint(const CassetteCliOptions& opts, AppContext& ctx) {
  DirCassetteStore store(opts.dir);
  auto names = store.list();
  if (!names) return report_error(ctx, names.error());
  size_t found = 0;
  for (const std::string& name : *names) {
    auto text = store.read(name);
    if (!text) return report_error(ctx, text.error());
    if (!exchange_from_text(*text)) *ctx.out << name << ": not a gw cassette\n";
    for (const LintFinding& f : lint_cassette(*text)) {
      *ctx.out << name << ":" << f.line << ": " << f.what << ": " << f.shown << "\n";
      ++found;
    }
  }
  if (found > 0) {
    *ctx.err << "gw: " << found << " suspected secret" << (found == 1 ? "" : "s") << " in " << opts.dir
             << "; remove them (and rotate the keys) before committing\n";
    return error_info(ErrorKind::kInvalidRequest).exit_code;
  }
  *ctx.out << names->size() << " cassette" << (names->size() == 1 ? "" : "s") << " in " << opts.dir
           << ": no secrets found\n";
  return 0;
}

}  // namespace

CLI::App* setup_cassette_command(CLI::App& parent, AppContext& ctx) {
  auto* cmd = parent.add_subcommand("cassette", "Read and check recorded provider exchanges (gw serve --record DIR)");
  cmd->require_subcommand(1);
  auto list_opts = std::make_shared<CassetteCliOptions>();
  auto* list = cmd->add_subcommand("list", "One line per recorded exchange in DIR");
  list->add_option("dir", list_opts->dir, "Cassette directory")->required()->type_name("DIR");
  list->add_flag("--json", list_opts->json, "Print JSON");
  list->callback([list_opts, &ctx] { ctx.exit_code = run_list(*list_opts, ctx); });
  auto show_opts = std::make_shared<CassetteCliOptions>();
  auto* show = cmd->add_subcommand("show", "One recorded exchange: request, answer, stream frames with their times");
  show->add_option("file", show_opts->file, "Cassette file (DIR/NAME.json)")->required()->type_name("FILE");
  show->add_option("--dir", show_opts->dir, "Directory FILE is in")->type_name("DIR");
  show->add_flag("--json", show_opts->json, "Print the cassette file as it is");
  show->callback([show_opts, &ctx] { ctx.exit_code = run_show(*show_opts, ctx); });
  auto lint_opts = std::make_shared<CassetteCliOptions>();
  auto* lint = cmd->add_subcommand("lint", "Fail (exit 65) when a cassette in DIR holds something like a secret");
  lint->add_option("dir", lint_opts->dir, "Cassette directory")->required()->type_name("DIR");
  lint->callback([lint_opts, &ctx] { ctx.exit_code = run_lint(*lint_opts, ctx); });
  return cmd;
}

}  // namespace gw
