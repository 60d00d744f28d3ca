// repl_completion.h - what Tab completes at the REPL's prompt, from the text
// before the cursor: a slash command's name ("/mo" -> "/model "), the model
// after "/model ", the saved conversation after "/load ", and a file name
// for any word that looks like a path (has a '/', or starts with '~' or
// '.'). The candidates come from functions given in, so the rules are
// tested without a catalog, database or file system. A first word starting
// with '/' is a slash command while one matches, else an absolute path. Pure; single-threaded.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

struct CompletionSources {
  std::vector<std::string> slash_commands;                          // names without the slash
  std::function<std::vector<std::string>()> models;                 // IDs and aliases
  std::function<std::vector<std::string>()> sessions;               // saved conversation names
  std::function<std::vector<std::string>(const std::string&)> dir;  // entries of a directory ("" = .); dirs end in '/'
};

struct Completion {
  size_t word_start = 0;           // where the word being completed begins in the line
  std::vector<std::string> words;  // each a whole replacement for line[word_start, cursor)
  bool final_space = true;         // a single candidate is followed by a space (not after a directory)
};

// The candidates for the word ending at the end of `before_cursor`, sorted.
Completion complete_repl_input(std::string_view before_cursor, const CompletionSources& sources);

// The longest prefix all `words` share ("" for none).
std::string common_prefix(const std::vector<std::string>& words);

}  // namespace gw
