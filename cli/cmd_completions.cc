// gw completions bash|zsh|fish - shell completion scripts generated from the
// command table itself (every subcommand and option CLI11 knows), so they
// cannot drift from the binary. The committed copies under completions/ are
// checked against this output by tests/cli/completions_test.cc.
#include <CLI/CLI.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "cli/command_table.h"
#include "cli/value_kinds.h"

namespace gw {
namespace {

// An option that takes a value of a known kind (cli/value_kinds.h).
struct ValueOption {
  std::vector<std::string> names;  // "-m", "--model"
  const ValueKind* kind;
};

struct Node {
  std::string path;                                              // "gw models list"
  std::vector<std::string> words;                                // subcommands and long/short options
  std::vector<std::pair<std::string, std::string>> subcommands;  // name, description
  struct Flag {
    std::string short_name, long_name, description;
    const ValueKind* kind;  // null: no value completion
  };
  std::vector<Flag> options;
  std::vector<ValueOption> valued;        // options whose values complete
  const ValueKind* positional = nullptr;  // the kind of the first positional with one
};

void walk(const CLI::App& app, const std::string& path, std::vector<Node>& out) {
  Node n;
  n.path = path;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); })) {
    n.words.push_back(sub->get_name());
    n.subcommands.emplace_back(sub->get_name(), sub->get_description());
  }
  for (const CLI::Option* opt : app.get_options()) {
    const ValueKind* kind = find_value_kind(opt->get_type_name());
    if (opt->get_lnames().empty() && opt->get_snames().empty()) {
      if (kind && !n.positional) n.positional = kind;
      continue;
    }
    ValueOption v{{}, kind};
    for (const auto& s : opt->get_snames()) v.names.push_back("-" + s);
    for (const auto& l : opt->get_lnames()) {
      n.words.push_back("--" + l);
      v.names.push_back("--" + l);
    }
    n.options.push_back({opt->get_snames().empty() ? "" : opt->get_snames().front(),
                         opt->get_lnames().empty() ? "" : opt->get_lnames().front(), opt->get_description(), kind});
    if (kind) n.valued.push_back(std::move(v));
  }
  out.push_back(n);
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); }))
    walk(*sub, path + " " + sub->get_name(), out);
}

std::string join(const std::vector<std::string>& words, const std::string& sep = " ") {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : sep) + w;
  return s;
}

// The statement that completes a value of `kind` in "$cur". File names:
// bash's compgen -f; under zsh's bashcompinit (whose compgen -f ignores the
// prefix) no reply, so `complete -o default` hands over to zsh's own.
std::string bash_values(const ValueKind& kind, bool zsh) {
  if (!kind.candidates.empty()) return "_gw_values " + std::string(kind.candidates);
  return zsh ? "COMPREPLY=()" : "compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\"))";
}

std::string bash_function(const std::vector<Node>& nodes, bool zsh) {
  std::string paths;
  for (size_t i = 1; i < nodes.size(); ++i) paths += (paths.empty() ? "\"" : "|\"") + nodes[i].path + "\"";
  std::string s =
      "# ($at, not $path: zsh ties path to PATH)\n_gw_values() {\n"
      "  COMPREPLY=($(compgen -W \"$(\"${COMP_WORDS[0]}\" __complete \"$1\" 2>/dev/null)\" -- \"$cur\"))\n}\n"
      "_gw() {\n  local cur prev at w\n  cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
      "  prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n  at=\"gw\"\n"
      "  for w in \"${COMP_WORDS[@]:1:$((COMP_CWORD-1))}\"; do\n    case \"$at $w\" in\n      " +
      paths + ") at=\"$at $w\" ;;\n    esac\n  done\n";
  // An option's value: what follows it is completed by its kind.
  std::string values;
  for (const auto& n : nodes)
    for (const auto& v : n.valued) {
      std::vector<std::string> patterns;
      for (const auto& name : v.names) patterns.push_back("\"" + n.path + " " + name + "\"");
      values += "    " + join(patterns, "|") + ") " + bash_values(*v.kind, zsh) + "; return ;;\n";
    }
  if (!values.empty()) s += "  case \"$at $prev\" in\n" + values + "  esac\n";
  s += "  case \"$at\" in\n";
  for (const auto& n : nodes) {
    s += "    \"" + n.path + "\") ";
    if (n.positional) s += "if [[ \"$cur\" != -* ]]; then " + bash_values(*n.positional, zsh) + "; return; fi; ";
    s += "COMPREPLY=($(compgen -W \"" + join(n.words) + "\" -- \"$cur\")) ;;\n";
  }
  s += "  esac\n}\n";
  return s;
}

std::string escape_fish(std::string s) {
  std::string out;
  for (char c : s) out += c == '\'' ? std::string("\\'") : std::string(1, c);
  return out;
}

// fish's arguments that complete a value of `kind`.
std::string fish_values(const ValueKind& kind) {
  if (kind.candidates.empty()) return " -r -F";
  return " -x -a '(gw __complete " + std::string(kind.candidates) + ")'";
}

std::string generate(const std::string& shell, const std::vector<Node>& nodes) {
  const std::string header = "# gw completions (" + shell + ") - generated by `gw completions " + shell +
                             "` from the command table; do not edit.\n";
  if (shell == "bash") return header + bash_function(nodes, false) + "complete -F _gw gw\n";
  if (shell == "zsh")
    return "#compdef gw\n" + header + "autoload -U +X bashcompinit && bashcompinit\n" + bash_function(nodes, true) +
           "complete -o default -F _gw gw\n";
  // fish: one line per word, conditioned on the subcommand path seen so far.
  std::string s = header + "complete -c gw -f\n";
  for (const auto& n : nodes) {
    std::vector<std::string> parts;
    for (size_t p = 0, q; (q = n.path.find(' ', p)) != std::string::npos || p < n.path.size();) {
      q = n.path.find(' ', p);
      if (q == std::string::npos) q = n.path.size();
      parts.push_back(n.path.substr(p, q - p));
      p = q + 1;
    }
    std::string cond = parts.size() == 1 ? "__fish_use_subcommand" : "__fish_seen_subcommand_from " + parts.back();
    for (const auto& [name, desc] : n.subcommands)
      s += "complete -c gw -n '" + cond + "' -a " + name + " -d '" + escape_fish(desc) + "'\n";
    for (const auto& o : n.options) {
      s += "complete -c gw -n '" + cond + "'";
      if (!o.short_name.empty()) s += " -s " + o.short_name;
      if (!o.long_name.empty()) s += " -l " + o.long_name;
      if (o.kind) s += fish_values(*o.kind);
      s += " -d '" + escape_fish(o.description) + "'\n";
    }
    if (n.positional) s += "complete -c gw -n '" + cond + "'" + fish_values(*n.positional) + "\n";
  }
  return s;
}

}  // namespace

std::string completion_script(const CLI::App& root, const std::string& shell) {
  std::vector<Node> nodes;
  walk(root, "gw", nodes);
  return generate(shell, nodes);
}

CLI::App* setup_completions_command(CLI::App& parent, AppContext& ctx) {
  auto shell = std::make_shared<std::string>();
  auto* cmd = parent.add_subcommand("completions", "Print a shell completion script (bash, zsh, fish)");
  cmd->add_option("shell", *shell, "bash, zsh or fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  cmd->callback([shell, &ctx, &parent] {
    *ctx.out << completion_script(parent, *shell);
    ctx.exit_code = 0;
  });
  return cmd;
}

}  // namespace gw
