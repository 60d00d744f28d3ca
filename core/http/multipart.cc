#include "core/http/multipart.h"

#include "core/http/http_types.h"

namespace gw {
namespace {

Error invalid(std::string message) { return make_error(ErrorKind::kInvalidRequest, std::move(message)); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// One "key=value" parameter of a header value like `form-data; name="a"`.
struct Param {
  std::string key;
  std::string value;
};

// Splits `s` (what follows the first ';' of a header value) into its
// parameters. Values may be quoted; inside quotes, \" and \\ are escapes
// (other backslashes are kept, as in Windows paths some clients send).
std::vector<Param> parse_params(std::string_view s) {
  std::vector<Param> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ';' || s[i] == ' ' || s[i] == '\t')) ++i;
    size_t eq = i;
    while (eq < s.size() && s[eq] != '=' && s[eq] != ';') ++eq;
    Param p;
    p.key = std::string(trim(s.substr(i, eq - i)));
    i = eq;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
      if (i < s.size() && s[i] == '"') {
        for (++i; i < s.size() && s[i] != '"'; ++i) {
          if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) ++i;
          p.value += s[i];
        }
        if (i < s.size()) ++i;  // closing quote
      } else {
        size_t end = s.find(';', i);
        if (end == std::string_view::npos) end = s.size();
        p.value = std::string(trim(s.substr(i, end - i)));
        i = end;
      }
    }
    if (!p.key.empty()) out.push_back(std::move(p));
  }
  return out;
}

// Reads a part's header block (lines without the final blank line).
Result<MultipartPart> read_part_headers(std::string_view block) {
  MultipartPart part;
  bool disposition = false;
  size_t pos = 0;
  while (pos <= block.size()) {
    size_t eol = block.find("\r\n", pos);
    if (eol == std::string_view::npos) eol = block.size();
    std::string_view line = block.substr(pos, eol - pos);
    pos = eol + 2;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = trim(line.substr(0, colon));
    std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Type")) {
      part.content_type = std::string(value);
    } else if (iequals(name, "Content-Disposition")) {
      disposition = true;
      size_t semi = value.find(';');
      if (semi == std::string_view::npos) continue;
      for (Param& p : parse_params(value.substr(semi + 1))) {
        if (iequals(p.key, "name")) part.name = std::move(p.value);
        else if (iequals(p.key, "filename")) part.filename = std::move(p.value);
      }
    }
  }
  if (!disposition || part.name.empty()) return invalid("multipart body has a part without a Content-Disposition name");
  return part;
}

// Quotes and line breaks would end a header (or a quoted parameter) early.
std::string header_safe(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"') out += "%22";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

// A quoted parameter's value: header_safe, and each backslash escaped, since
// parse_params (like the provider's parser) reads \" and \\ as escapes: a
// filename ending in a backslash ("C:\dir\") would otherwise swallow the
// closing quote.
std::string quoted_param(std::string_view s) {
  std::string out;
  for (char c : header_safe(s)) {
    if (c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// A boundary is printable ASCII without '"' or '\\' and does not end in a
// space (RFC 2046 §5.1.1 is stricter still), so it can be quoted again:
// a CR, LF or other control byte must never reach the Content-Type gw sends
// upstream, where it would split the head.
bool is_boundary(std::string_view b) {
  for (char c : b)
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
  return b.back() != ' ';
}

}  // namespace

const MultipartPart* find_part(const std::vector<MultipartPart>& parts, std::string_view name) {
  for (const MultipartPart& p : parts)
    if (p.name == name) return &p;
  return nullptr;
}

Result<std::string> multipart_boundary(std::string_view content_type) {
  size_t semi = content_type.find(';');
  std::string_view type = trim(content_type.substr(0, semi));
  if (!iequals(type, "multipart/form-data"))
    return invalid("expected a multipart/form-data body, got Content-Type '" + std::string(type) + "'");
  if (semi != std::string_view::npos)
    for (const Param& p : parse_params(content_type.substr(semi + 1)))
      if (iequals(p.key, "boundary")) {
        if (p.value.empty() || p.value.size() > 70) return invalid("multipart boundary must be 1 to 70 characters");
        if (!is_boundary(p.value))
          return invalid("multipart boundary has a control byte, quote, backslash or trailing space");
        return p.value;
      }
  return invalid("multipart/form-data Content-Type has no boundary");
}

Result<std::vector<MultipartPart>> parse_multipart(std::string_view body, std::string_view boundary) {
  if (boundary.empty()) return invalid("multipart boundary is empty");
  const std::string delimiter = "\r\n--" + std::string(boundary);
  // The first delimiter may open the body without a leading CRLF.
  size_t pos;
  if (body.compare(0, delimiter.size() - 2, std::string_view(delimiter).substr(2)) == 0) {
    pos = delimiter.size() - 2;
  } else {
    size_t first = body.find(delimiter);
    if (first == std::string_view::npos) return invalid("multipart body does not contain its boundary");
    pos = first + delimiter.size();
  }
  std::vector<MultipartPart> parts;
  for (;;) {
    if (body.compare(pos, 2, "--") == 0) return parts;  // the closing delimiter; the epilogue is ignored
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;  // transport padding
    if (body.compare(pos, 2, "\r\n") != 0) return invalid("multipart body has a malformed boundary line");
    pos += 2;
    if (body.compare(pos, 2, "\r\n") == 0) return invalid("multipart body has a part without headers");
    size_t head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos) return invalid("multipart body has a part without headers");
    auto part = read_part_headers(body.substr(pos, head_end - pos));
    if (!part) return part.error();
    size_t data_start = head_end + 4;
    size_t data_end = body.find(delimiter, data_start);
    if (data_end == std::string_view::npos) return invalid("multipart body ends before its closing boundary");
    part->data = std::string(body.substr(data_start, data_end - data_start));
    parts.push_back(std::move(part).value());
    pos = data_end + delimiter.size();
  }
}

std::string encode_multipart(const std::vector<MultipartPart>& parts, std::string_view boundary) {
  std::string out;
  for (const MultipartPart& p : parts) {
    out += "--";
    out += boundary;
    out += "\r\nContent-Disposition: form-data; name=\"" + quoted_param(p.name) + "\"";
    if (!p.filename.empty()) out += "; filename=\"" + quoted_param(p.filename) + "\"";
    out += "\r\n";
    if (!p.content_type.empty()) out += "Content-Type: " + header_safe(p.content_type) + "\r\n";
    out += "\r\n";
    out += p.data;
    out += "\r\n";
  }
  out += "--";
  out += boundary;
  out += "--\r\n";
  return out;
}

std::string choose_boundary(const std::vector<MultipartPart>& parts) {
  for (int n = 0;; ++n) {
    std::string b = "gw-form-boundary-7f3a9c1d-" + std::to_string(n);
    bool clash = false;
    for (const MultipartPart& p : parts) clash = clash || p.data.find(b) != std::string::npos;
    if (!clash) return b;
  }
}

std::string multipart_content_type(std::string_view boundary) {
  // Quoted when it holds a character a token may not (RFC 2045 tspecials, space).
  bool token = std::string_view(boundary).find_first_of("()<>@,;:\\\"/[]?= ") == std::string_view::npos;
  return "multipart/form-data; boundary=" + (token ? std::string(boundary) : "\"" + std::string(boundary) + "\"");
}

}  // namespace gw
