// editline_reader.h - the real LineReader: libedit (emacs key bindings,
// up/down history, Ctrl-C clears the line being typed, Ctrl-D on an empty
// line ends input). History persists in a file, by default
// $XDG_DATA_HOME/gw/history, saved after every entry and kept private
// (mode 0600: prompts may hold secrets). The only file that includes
// histedit.h is editline_reader.cc.
//
// Ctrl-C at the prompt is read as a key (the terminal's ISIG is off while
// editing), so it is never lost between two reads; a SIGINT from elsewhere
// also ends the read when cli/interrupt.h's handler is installed. Either way
// the REPL gets kInterrupted. Ctrl-Z still suspends. Single-threaded; one
// reader per process at a time.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "cli/line_reader.h"
#include "cli/repl_completion.h"

namespace gw {

class EditlineReader final : public LineReader {
 public:
  // `history_file` "" = no persistent history.
  explicit EditlineReader(std::string history_file);
  ~EditlineReader() override;
  EditlineReader(const EditlineReader&) = delete;
  EditlineReader& operator=(const EditlineReader&) = delete;

  LineEvent read_line(const std::string& prompt) override;
  void add_history(const std::string& entry) override;
  // What Tab completes: given the text before the cursor, the candidates
  // (cli/repl_completion.h). One is inserted; several are narrowed to their
  // common prefix, then listed. None set: Tab beeps.
  void set_completer(std::function<Completion(std::string_view before_cursor)> completer);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Where the REPL's history lives: default_data_dir() + "/history".
std::string default_history_path();

}  // namespace gw
