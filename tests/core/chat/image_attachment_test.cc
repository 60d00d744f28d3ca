// Tests for core/chat/image_attachment.h and images in a conversation's
// request body.
#include "core/chat/image_attachment.h"

#include <doctest/doctest.h>

#include "core/chat/conversation.h"

namespace gw {

TEST_CASE("image attachment: PNG, JPEG, GIF and WebP by their first bytes, as data: URLs") {
  CHECK(image_data_url("a.png", std::string("\x89PNG\r\n\x1a\n", 8)).value() == "data:image/png;base64,iVBORw0KGgo=");
  CHECK(image_data_url("a", "\xFF\xD8\xFF\xE0").value().rfind("data:image/jpeg;base64,", 0) == 0);
  CHECK(image_data_url("a", "GIF89a..").value().rfind("data:image/gif;base64,", 0) == 0);
  CHECK(image_data_url("a", std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)).value().rfind("data:image/webp;base64,", 0) ==
        0);
}

TEST_CASE("image attachment: other bytes and oversized files are refused, naming the file") {
  auto text = image_data_url("notes.png", "hello");
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().kind == ErrorKind::kInvalidRequest);
  CHECK(text.error().message == "notes.png is not a PNG, JPEG, GIF or WebP image; -a attaches images (-f text files)");
  CHECK(image_data_url("big.png", std::string(kMaxImageBytes + 1, 'x')).error().kind == ErrorKind::kPayloadTooLarge);
}

TEST_CASE("conversation: a message with images is sent as text and image_url parts") {
  Conversation c;
  c.model = "gpt-4o";
  c.add_user("what is this?");
  c.messages.back().images = {"data:image/png;base64,AAAA"};
  auto parts = c.request_body(false)["messages"][0]["content"];
  REQUIRE(parts.size() == 2);
  CHECK(parts[0] == nlohmann::json{{"type", "text"}, {"text", "what is this?"}});
  CHECK(parts[1]["image_url"]["url"] == "data:image/png;base64,AAAA");
}

}  // namespace gw
