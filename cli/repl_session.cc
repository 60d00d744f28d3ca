// repl_session.cc - see repl_session.h. Single-threaded.
#include "cli/repl_session.h"

#include <ostream>

#include "core/terminal/ansi.h"

namespace gw {

void ReplSession::note(std::string_view text) const { *out << ansi::paint(text, ansi::kDim, color) << "\n"; }

void ReplSession::report(const Error& error) const { *err << "gw: " << error.message << "\n"; }

void ReplSession::save() {
  if (!store || conversation.messages.empty()) return;
  if (Status st = store->save(conversation); !st) report(st.error());
}

}  // namespace gw
