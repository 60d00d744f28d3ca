// editline_reader.cc - EditlineReader over libedit; the only file that
// includes histedit.h. Single-threaded.
#include "cli/editline_reader.h"

#include <histedit.h>
#include <sys/stat.h>

#include <cerrno>
#include <clocale>
#include <cstdio>

#include "proxy/io/paths.h"

namespace gw {
namespace {

constexpr int kHistorySize = 1000;  // entries kept in memory and in the file

// libedit asks for the prompt through a C callback; the reader keeps the
// current one in its client data.
char* prompt_of(EditLine* el) {
  void* data = nullptr;
  el_get(el, EL_CLIENTDATA, &data);
  return static_cast<std::string*>(data)->data();
}

}  // namespace

struct EditlineReader::Impl {
  EditLine* el = nullptr;
  History* history = nullptr;
  HistEvent event{};
  std::string prompt;
  std::string history_file;

  void save_history() {
    if (history_file.empty()) return;
    size_t slash = history_file.rfind('/');
    if (slash != std::string::npos && slash > 0) (void)make_dirs(history_file.substr(0, slash));
    // Created private before libedit writes it: prompts may hold secrets.
    if (FILE* f = std::fopen(history_file.c_str(), "a")) std::fclose(f);
    ::chmod(history_file.c_str(), 0600);
    ::history(history, &event, H_SAVE, history_file.c_str());
  }
};

EditlineReader::EditlineReader(std::string history_file) : impl_(std::make_unique<Impl>()) {
  std::setlocale(LC_CTYPE, "");  // so libedit edits UTF-8 text as characters
  impl_->history_file = std::move(history_file);
  impl_->history = history_init();
  ::history(impl_->history, &impl_->event, H_SETSIZE, kHistorySize);
  ::history(impl_->history, &impl_->event, H_SETUNIQUE, 1);
  if (!impl_->history_file.empty()) ::history(impl_->history, &impl_->event, H_LOAD, impl_->history_file.c_str());

  impl_->el = el_init("gw", stdin, stdout, stderr);
  el_set(impl_->el, EL_CLIENTDATA, &impl_->prompt);
  el_set(impl_->el, EL_PROMPT, &prompt_of);
  el_set(impl_->el, EL_EDITOR, "emacs");
  el_set(impl_->el, EL_SIGNAL, 1);  // restore the terminal around signals
  el_set(impl_->el, EL_HIST, ::history, impl_->history);
  el_source(impl_->el, nullptr);  // the user's ~/.editrc, if any
}

EditlineReader::~EditlineReader() {
  el_end(impl_->el);
  history_end(impl_->history);
}

LineEvent EditlineReader::read_line(const std::string& prompt) {
  impl_->prompt = prompt;
  std::fflush(stdout);
  // Edit mode before the prompt shows, so a key pressed the moment it
  // appears (Ctrl-D included) reaches libedit instead of the cooked tty.
  el_set(impl_->el, EL_PREP_TERM, 1);
  int count = 0;
  errno = 0;
  const char* line = el_gets(impl_->el, &count);
  const int read_errno = errno;
  el_set(impl_->el, EL_PREP_TERM, 0);  // answers stream in the terminal's usual mode
  errno = read_errno;
  if (line == nullptr) {
    // count -1 with EINTR: Ctrl-C (the handler in cli/interrupt.h ran).
    if (count < 0 && errno == EINTR) return {LineEvent::kInterrupted, {}};
    return {LineEvent::kEnd, {}};
  }
  std::string text(line, static_cast<size_t>(count));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return {LineEvent::kLine, std::move(text)};
}

void EditlineReader::add_history(const std::string& entry) {
  if (entry.empty()) return;
  ::history(impl_->history, &impl_->event, H_ENTER, entry.c_str());
  impl_->save_history();
}

std::string default_history_path() { return default_data_dir() + "/history"; }

}  // namespace gw
