// text_attachment.h - `gw chat -f FILE`: a text file inlined into the user
// message under a header naming it, inside a code fence long enough that the
// file's own backticks cannot close it. Binary files (a NUL byte, or bytes
// that are not UTF-8) are refused. Reading the file is the caller's job.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace gw {

struct TextAttachment {
  std::string name;   // as the user gave it (shown in the header)
  std::string bytes;  // the file's contents
};

// True when `bytes` contains a NUL byte or is not valid UTF-8.
bool looks_binary(std::string_view bytes);

// The block for one file:
//   File: NAME
//   ```
//   <contents>
//   ```
// kInvalidRequest naming the file when it looks binary.
Result<std::string> attachment_block(const TextAttachment& file);

// The user message: each attachment's block, then the prompt, separated by
// blank lines. The first refused file's error when any is binary.
Result<std::string> message_with_attachments(const std::vector<TextAttachment>& files, std::string_view prompt);

}  // namespace gw
