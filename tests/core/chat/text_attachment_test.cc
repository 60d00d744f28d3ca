// Text attachments: inlined with a header, binary files refused.
#include "core/chat/text_attachment.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("attachment: a text file is inlined under a header naming it") {
  auto block = attachment_block({"notes.txt", "line one\nline two\n"});
  REQUIRE(block.ok());
  CHECK(*block == "File: notes.txt\n```\nline one\nline two\n```");
  auto no_newline = attachment_block({"a.md", "x"});
  CHECK(*no_newline == "File: a.md\n```\nx\n```");
}

TEST_CASE("attachment: the fence is longer than any backtick run in the file") {
  auto block = attachment_block({"README.md", "```sh\nmake\n```\n"});
  REQUIRE(block.ok());
  CHECK(*block == "File: README.md\n````\n```sh\nmake\n```\n````");
}

TEST_CASE("attachment: binary files are refused with a clear message") {
  auto nul = attachment_block({"image.png", std::string("\x89PNG\r\n\x1a\n\0\0", 10)});
  REQUIRE_FALSE(nul.ok());
  CHECK(nul.error().kind == ErrorKind::kInvalidRequest);
  CHECK(nul.error().message == "image.png looks like a binary file; only text files can be attached with -f");
  CHECK(looks_binary("caf\xE9"));            // Latin-1, not UTF-8
  CHECK_FALSE(looks_binary("caf\xC3\xA9"));  // UTF-8
  CHECK_FALSE(looks_binary(""));
}

TEST_CASE("attachment: the message is each file's block, then the prompt") {
  auto msg = message_with_attachments({{"a.txt", "A\n"}, {"b.txt", "B\n"}}, "compare them");
  REQUIRE(msg.ok());
  CHECK(*msg == "File: a.txt\n```\nA\n```\n\nFile: b.txt\n```\nB\n```\n\ncompare them");
  CHECK(message_with_attachments({}, "just this").value() == "just this");
  auto bad = message_with_attachments({{"ok.txt", "x"}, {"bin", std::string("\0", 1)}}, "p");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.rfind("bin looks like a binary file", 0) == 0);
}

}  // namespace gw
