// repl_completion.cc - see repl_completion.h. Pure; single-threaded.
#include "cli/repl_completion.h"

#include <algorithm>

namespace gw {
namespace {

std::vector<std::string> starting_with(std::vector<std::string> names, std::string_view prefix,
                                       std::string_view add_before = {}) {
  std::vector<std::string> out;
  for (std::string& n : names)
    if (std::string_view(n).substr(0, prefix.size()) == prefix) out.push_back(std::string(add_before) + n);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool looks_like_path(std::string_view word) {
  return word.find('/') != std::string_view::npos || (!word.empty() && (word[0] == '~' || word[0] == '.'));
}

}  // namespace

Completion complete_repl_input(std::string_view line, const CompletionSources& src) {
  Completion c;
  const size_t space = line.find_last_of(" \t");
  c.word_start = space == std::string_view::npos ? 0 : space + 1;
  const std::string_view word = line.substr(c.word_start);
  const bool first_word = line.find_first_of(" \t") == std::string_view::npos;
  if (first_word && !word.empty() && word[0] == '/' && word.find('/', 1) == std::string_view::npos) {
    c.words = starting_with(src.slash_commands, word.substr(1), "/");
    if (!c.words.empty()) return c;  // else an absolute path, e.g. "/tm"
  }
  const std::string_view command = line.substr(0, line.find_first_of(" \t"));
  if (c.word_start > 0 && line.find_first_not_of(" \t", command.size()) >= c.word_start) {  // the first argument
    if (command == "/model" && src.models) c.words = starting_with(src.models(), word);
    if (command == "/load" && src.sessions) c.words = starting_with(src.sessions(), word);
    if (command == "/model" || command == "/load") return c;
  }
  if (!looks_like_path(word) || !src.dir) return c;
  const size_t slash = word.rfind('/');
  const std::string dir(slash == std::string_view::npos ? "" : word.substr(0, slash + 1));
  c.words = starting_with(src.dir(dir), word.substr(dir.size()), dir);
  c.final_space = !(c.words.size() == 1 && c.words[0].back() == '/');
  return c;
}

std::string common_prefix(const std::vector<std::string>& words) {
  if (words.empty()) return {};
  std::string prefix = words.front();
  for (const std::string& w : words) {
    size_t n = 0;
    while (n < prefix.size() && n < w.size() && prefix[n] == w[n]) ++n;
    prefix.resize(n);
  }
  return prefix;
}

}  // namespace gw
