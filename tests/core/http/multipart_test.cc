// Tests for core/http/multipart.h: boundaries from Content-Type values, uploads
// split into parts byte for byte, and parts written back into a body that
// parses to the same parts.
#include "core/http/multipart.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace gw {
namespace {

using namespace std::string_literals;

// An upload as curl and the OpenAI SDKs send it.
const std::string kUpload =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"model\"\r\n"
    "\r\n"
    "whisper-1\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"talk.wav\"\r\n"
    "Content-Type: audio/wav\r\n"
    "\r\n"
    "RIFF\0\r\n--X\r\nbinary"s
    "\r\n"
    "--XyZ--\r\n";

std::vector<MultipartPart> parts_of(const std::string& body, const std::string& boundary) {
  auto parts = parse_multipart(body, boundary);
  REQUIRE_MESSAGE(parts.ok(), parts.error().message);
  return std::move(parts).value();
}

Error parse_error(const std::string& body, const std::string& boundary = "XyZ") {
  auto parts = parse_multipart(body, boundary);
  REQUIRE_FALSE(parts.ok());
  CHECK(parts.error().kind == ErrorKind::kInvalidRequest);
  return parts.error();
}

}  // namespace

TEST_CASE("multipart: the boundary comes from the Content-Type, quoted or not") {
  CHECK(multipart_boundary("multipart/form-data; boundary=abc123").value() == "abc123");
  CHECK(multipart_boundary("Multipart/Form-Data;BOUNDARY=\"a b;c\"").value() == "a b;c");
  CHECK(multipart_boundary("multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundary7MA4YWxk").value() ==
        "----WebKitFormBoundary7MA4YWxk");
}

TEST_CASE("multipart: a Content-Type that is not multipart/form-data, or has no usable boundary, is refused") {
  CHECK_FALSE(multipart_boundary("application/json").ok());
  CHECK_FALSE(multipart_boundary("").ok());
  CHECK_FALSE(multipart_boundary("multipart/form-data").ok());
  CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=").ok());
  CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'b')).ok());
  CHECK(multipart_boundary("text/plain").error().kind == ErrorKind::kInvalidRequest);
}

TEST_CASE("multipart: a boundary with a control byte, quote or backslash is refused, so it cannot split a head") {
  // Before: a quoted boundary kept its bare CR, and the upstream's Content-Type carried it.
  for (std::string boundary : {std::string("a\rb"), std::string("a\nb"), std::string("a\0b", 3), std::string("a\x7f"),
                               std::string("a\\\"b"), std::string("a\xc3\xa9"), std::string("ab ")}) {
    CAPTURE(boundary);
    std::string quoted = "\"" + boundary + "\"";
    auto b = multipart_boundary("multipart/form-data; boundary=" + quoted);
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::kInvalidRequest);
  }
  // The boundary goes upstream quoted when a token could not hold it.
  CHECK(multipart_content_type("a b;c") == "multipart/form-data; boundary=\"a b;c\"");
  CHECK(multipart_content_type("===ab==") == "multipart/form-data; boundary=\"===ab==\"");
  CHECK(multipart_content_type("----WebKit7MA4") == "multipart/form-data; boundary=----WebKit7MA4");
}

TEST_CASE("multipart: an upload splits into named parts with their bytes exactly") {
  auto parts = parts_of(kUpload, "XyZ");
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].name == "model");
  CHECK(parts[0].filename.empty());
  CHECK(parts[0].content_type.empty());
  CHECK(parts[0].data == "whisper-1");
  CHECK(parts[1].name == "file");
  CHECK(parts[1].filename == "talk.wav");
  CHECK(parts[1].content_type == "audio/wav");
  // NUL bytes and a near-miss of the boundary stay inside the data.
  CHECK(parts[1].data == "RIFF\0\r\n--X\r\nbinary"s);
  REQUIRE(find_part(parts, "file") != nullptr);
  CHECK(find_part(parts, "file")->filename == "talk.wav");
  CHECK(find_part(parts, "language") == nullptr);
}

TEST_CASE("multipart: a preamble and an epilogue are ignored, and empty parts are kept") {
  std::string body =
      "this is a preamble\r\n--b\r\n"
      "content-disposition: form-data; name=empty\r\n\r\n"
      "\r\n--b--\r\nepilogue";
  auto parts = parts_of(body, "b");
  REQUIRE(parts.size() == 1);
  CHECK(parts[0].name == "empty");
  CHECK(parts[0].data.empty());
}

TEST_CASE("multipart: escaped quotes in a filename are read") {
  std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"say \\\"hi\\\".mp3\"\r\n\r\nx\r\n--b--";
  auto parts = parts_of(body, "b");
  REQUIRE(parts.size() == 1);
  CHECK(parts[0].filename == "say \"hi\".mp3");
}

TEST_CASE("multipart: a filename with backslashes is passed on as the same name (found by fuzzing)") {
  // Windows paths: a trailing backslash written unescaped would read, at the
  // provider, as an escaped closing quote and swallow the rest of the header.
  std::vector<MultipartPart> parts = {{"file", "C:\\rec\\take \\\"2\\", "audio/wav", "RIFF"}};
  std::string body = encode_multipart(parts, "b");
  CHECK(body.find(R"(filename="C:\\rec\\take \\%222\\")") != std::string::npos);
  auto back = parts_of(body, "b");
  REQUIRE(back.size() == 1);
  CHECK(back[0].filename == "C:\\rec\\take \\%222\\");
  CHECK(back[0].data == "RIFF");
}

TEST_CASE("multipart: a body without its boundary, or cut before the closing boundary, is refused") {
  CHECK(parse_error("no boundary here").message.find("boundary") != std::string::npos);
  CHECK(parse_error("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nshort").message.find("closing") !=
        std::string::npos);
  parse_error("--XyZ\r\nContent-Disposition: form-data; name=\"a\"");
}

TEST_CASE("multipart: a part without a Content-Disposition name is refused") {
  CHECK(parse_error("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--\r\n").message.find("name") !=
        std::string::npos);
  parse_error("--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--\r\n");
  parse_error("--XyZ\r\n\r\nx\r\n--XyZ--\r\n");
}

TEST_CASE("multipart: encoding parts and parsing the result gives the same parts") {
  std::vector<MultipartPart> parts = {
      {"model", "", "", "gpt-4o-transcribe"},
      {"file", "a.mp3", "audio/mpeg", "ID3\0\xff\r\n\r\n--"s},
      {"prompt", "", "", ""},
  };
  std::string boundary = choose_boundary(parts);
  std::string body = encode_multipart(parts, boundary);
  CHECK(body.rfind("--" + boundary + "\r\n", 0) == 0);
  CHECK(body.substr(body.size() - boundary.size() - 6) == "--" + boundary + "--\r\n");
  auto back = parts_of(body, boundary);
  REQUIRE(back.size() == parts.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    CAPTURE(i);
    CHECK(back[i].name == parts[i].name);
    CHECK(back[i].filename == parts[i].filename);
    CHECK(back[i].content_type == parts[i].content_type);
    CHECK(back[i].data == parts[i].data);
  }
  CHECK(multipart_content_type(boundary) == "multipart/form-data; boundary=" + boundary);
}

TEST_CASE("multipart: an upload parsed and re-encoded with its own boundary parses the same") {
  auto parts = parts_of(kUpload, "XyZ");
  parts[0].data = "whisper-large-v3";
  auto back = parts_of(encode_multipart(parts, "XyZ"), "XyZ");
  REQUIRE(back.size() == 2);
  CHECK(back[0].data == "whisper-large-v3");
  CHECK(back[1].data == parts[1].data);
}

TEST_CASE("multipart: quotes and line breaks in names cannot break out of their header") {
  std::vector<MultipartPart> parts = {{"file", "evil\"\r\nX-Injected: 1.wav", "", "data"}};
  std::string body = encode_multipart(parts, "b");
  CHECK(body.find("X-Injected: 1") != std::string::npos);  // still there, but inside the filename
  CHECK(body.find("\r\nX-Injected") == std::string::npos);
  auto back = parts_of(body, "b");
  REQUIRE(back.size() == 1);
  CHECK(back[0].filename == "evil%22%0D%0AX-Injected: 1.wav");
}

TEST_CASE("multipart: the chosen boundary avoids the parts' data") {
  std::vector<MultipartPart> parts = {{"file", "f", "", "gw-form-boundary-7f3a9c1d-0 and gw-form-boundary-7f3a9c1d-1"}};
  std::string b = choose_boundary(parts);
  CHECK(parts[0].data.find(b) == std::string::npos);
  CHECK(choose_boundary({}) == choose_boundary({}));  // deterministic
}

}  // namespace gw
