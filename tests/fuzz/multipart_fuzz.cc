// multipart_fuzz.cc - an upload's Content-Type and body (multipart_boundary,
// parse_multipart), then written back (encode_multipart) with the boundary
// it was parsed with and with choose_boundary()'s: both re-parse to the same
// parts. The input's first line is the Content-Type, the rest the body.
#include <string>
#include <vector>

#include "core/http/multipart.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

void check_round_trip(const std::vector<gw::MultipartPart>& parts, const std::string& boundary) {
  const std::string body = gw::encode_multipart(parts, boundary);
  auto again = gw::parse_multipart(body, boundary);
  GW_FUZZ_CHECK(again.ok());
  GW_FUZZ_CHECK(again.value().size() == parts.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    const auto& a = parts[i];
    const auto& b = again.value()[i];
    GW_FUZZ_CHECK(a.data == b.data);
    // Names and filenames are percent-encoded where they hold quotes or line breaks.
    auto plain = [](const std::string& s) { return s.find_first_of("\"\r\n%") == std::string::npos; };
    if (plain(a.name)) GW_FUZZ_CHECK(a.name == b.name);
    if (plain(a.filename)) GW_FUZZ_CHECK(a.filename == b.filename);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in = gw::fuzz::text(data, size);
  const size_t nl = in.find('\n');
  if (nl == std::string_view::npos) return 0;
  auto boundary = gw::multipart_boundary(in.substr(0, nl));
  if (!boundary.ok()) return 0;
  GW_FUZZ_CHECK(!boundary.value().empty() && boundary.value().size() <= 70);
  auto parts = gw::parse_multipart(in.substr(nl + 1), boundary.value());
  if (!parts.ok()) return 0;
  for (const auto& p : parts.value()) GW_FUZZ_CHECK(!p.name.empty());
  (void)gw::find_part(parts.value(), "file");
  check_round_trip(parts.value(), boundary.value());
  check_round_trip(parts.value(), gw::choose_boundary(parts.value()));
  (void)gw::multipart_content_type(boundary.value());
  return 0;
}
