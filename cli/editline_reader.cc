// editline_reader.cc - EditlineReader over libedit; the only file that
// includes histedit.h. Single-threaded.
#include "cli/editline_reader.h"

#include <histedit.h>
#include <signal.h>
#include <sys/stat.h>

#include <cerrno>
#include <clocale>
#include <cstdio>

#include "proxy/io/paths.h"

namespace gw {
namespace {

constexpr int kHistorySize = 1000;  // entries kept in memory and in the file

}  // namespace

struct EditlineReader::Impl {
  EditLine* el = nullptr;
  History* history = nullptr;
  HistEvent event{};
  std::string prompt;
  std::string history_file;
  bool interrupted = false;  // Ctrl-C was pressed during the current read
  std::function<Completion(std::string_view)> completer;

  // libedit reaches the reader through its client data.
  static Impl& of(EditLine* el) {
    void* data = nullptr;
    el_get(el, EL_CLIENTDATA, &data);
    return *static_cast<Impl*>(data);
  }
  static char* prompt_of(EditLine* el) { return of(el).prompt.data(); }
  // Ctrl-C while editing: end the read; read_line() discards the line.
  static unsigned char on_ctrl_c(EditLine* el, int) {
    of(el).interrupted = true;
    std::fputs("^C", stdout);
    return CC_NEWLINE;
  }
  // Ctrl-Z while editing: suspend as usual (libedit restores the terminal).
  static unsigned char on_ctrl_z(EditLine*, int) {
    ::kill(0, SIGTSTP);
    return CC_REFRESH;
  }

  // Tab: insert the one candidate, or the candidates' common prefix, or list them.
  static unsigned char on_tab(EditLine* el, int) {
    Impl& self = of(el);
    if (!self.completer) return CC_REFRESH_BEEP;
    const LineInfo* li = el_line(el);
    const std::string before(li->buffer, static_cast<size_t>(li->cursor - li->buffer));
    Completion c = self.completer(before);
    if (c.words.empty()) return CC_REFRESH_BEEP;
    const std::string typed = before.substr(c.word_start);
    const std::string target = c.words.size() == 1 ? c.words[0] + (c.final_space ? " " : "") : common_prefix(c.words);
    if (target.size() > typed.size() && target.compare(0, typed.size(), typed) == 0) {
      el_insertstr(el, target.substr(typed.size()).c_str());
      return CC_REFRESH;
    }
    std::string listing = "\n";
    for (const std::string& w : c.words) listing += w + "  ";
    std::fputs((listing + "\n").c_str(), stdout);
    return CC_REDISPLAY;
  }

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

  EditLine* el = impl_->el = el_init("gw", stdin, stdout, stderr);
  el_set(el, EL_CLIENTDATA, impl_.get());
  el_set(el, EL_PROMPT, &Impl::prompt_of);
  el_set(el, EL_EDITOR, "emacs");
  el_set(el, EL_SIGNAL, 1);  // restore the terminal around signals
  el_set(el, EL_HIST, ::history, impl_->history);
  // While editing, Ctrl-C and Ctrl-Z are keys, not signals: a signal that
  // lands between two reads would be lost, a key never is.
  el_set(el, EL_SETTY, "-d", "-isig", nullptr);
  el_set(el, EL_ADDFN, "gw-interrupt", "Discard the line (Ctrl-C)", &Impl::on_ctrl_c);
  el_set(el, EL_BIND, "^C", "gw-interrupt", nullptr);
  el_set(el, EL_ADDFN, "gw-suspend", "Suspend gw (Ctrl-Z)", &Impl::on_ctrl_z);
  el_set(el, EL_BIND, "^Z", "gw-suspend", nullptr);
  el_set(el, EL_ADDFN, "gw-complete", "Complete a slash command, model, conversation or file", &Impl::on_tab);
  el_set(el, EL_BIND, "^I", "gw-complete", nullptr);
  el_source(el, nullptr);  // the user's ~/.editrc, if any
}

EditlineReader::~EditlineReader() {
  el_end(impl_->el);
  history_end(impl_->history);
}

LineEvent EditlineReader::read_line(const std::string& prompt) {
  impl_->prompt = prompt;
  impl_->interrupted = false;
  std::fflush(stdout);
  // Edit mode before the prompt shows, so a key pressed the moment it
  // appears (Ctrl-D included) reaches libedit instead of the cooked tty.
  el_set(impl_->el, EL_PREP_TERM, 1);
  int count = 0;
  errno = 0;
  const char* line = el_gets(impl_->el, &count);
  const int read_errno = errno;
  el_set(impl_->el, EL_PREP_TERM, 0);  // answers stream in the terminal's usual mode
  // Ctrl-C typed, or SIGINT from elsewhere (the handler in cli/interrupt.h
  // makes the read fail with EINTR).
  if (impl_->interrupted || (line == nullptr && count < 0 && read_errno == EINTR)) return {LineEvent::kInterrupted, {}};
  if (line == nullptr) return {LineEvent::kEnd, {}};
  std::string text(line, static_cast<size_t>(count));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return {LineEvent::kLine, std::move(text)};
}

void EditlineReader::add_history(const std::string& entry) {
  if (entry.empty()) return;
  ::history(impl_->history, &impl_->event, H_ENTER, entry.c_str());
  impl_->save_history();
}

void EditlineReader::set_completer(std::function<Completion(std::string_view)> completer) {
  impl_->completer = std::move(completer);
}

std::string default_history_path() { return default_data_dir() + "/history"; }

}  // namespace gw
