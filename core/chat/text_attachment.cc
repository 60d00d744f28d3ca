// text_attachment.cc - see text_attachment.h. Pure; thread-safe.
#include "core/chat/text_attachment.h"

#include <algorithm>

namespace gw {
namespace {

// Length of the UTF-8 sequence starting with `lead`, or 0 if it cannot start one.
size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = sequence_length(static_cast<unsigned char>(s[i]));
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

// The longest run of backticks in `s`.
size_t longest_backtick_run(std::string_view s) {
  size_t best = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best;
}

}  // namespace

bool looks_binary(std::string_view bytes) { return bytes.find('\0') != std::string_view::npos || !valid_utf8(bytes); }

Result<std::string> attachment_block(const TextAttachment& file) {
  if (looks_binary(file.bytes))
    return make_error(ErrorKind::kInvalidRequest,
                      file.name + " looks like a binary file; only text files can be attached with -f");
  std::string fence(std::max<size_t>(3, longest_backtick_run(file.bytes) + 1), '`');
  std::string block = "File: " + file.name + "\n" + fence + "\n" + file.bytes;
  if (!file.bytes.empty() && file.bytes.back() != '\n') block += '\n';
  return block + fence;
}

Result<std::string> message_with_attachments(const std::vector<TextAttachment>& files, std::string_view prompt) {
  std::string message;
  for (const TextAttachment& f : files) {
    auto block = attachment_block(f);
    if (!block) return block.error();
    message += (message.empty() ? "" : "\n\n") + *block;
  }
  if (!prompt.empty()) message += (message.empty() ? "" : "\n\n") + std::string(prompt);
  return message;
}

}  // namespace gw
