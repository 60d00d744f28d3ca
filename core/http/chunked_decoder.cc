// chunked_decoder.cc - ChunkedDecoder: a byte-at-a-time state machine for the
// framing, with chunk data copied in runs. Thread-compatible.
#include "core/http/chunked_decoder.h"

#include <algorithm>

#include "core/base/ascii_text.h"
#include "core/http/field_chars.h"

namespace gw {
namespace {

constexpr int kMaxSizeDigits = 15;  // sizes up to 2^60 bytes; more is nonsense

Error bad_framing(std::string_view what) {
  return make_error(ErrorKind::kInvalidRequest, "bad chunked framing: " + std::string(what));
}

Error trailers_too_large() {
  return make_error(ErrorKind::kHeadersTooLarge, "chunked trailers are larger than 64 KiB or 100 fields");
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

Status ChunkedDecoder::end_size_line() {
  if (digits_ == 0) return bad_framing("chunk size missing");
  digits_ = 0;
  state_ = remaining_ == 0 ? State::kTrailer : State::kData;
  return ok_status();
}

Status ChunkedDecoder::bare_lf(State next) {
  if (!lenient_) return bad_framing("bare LF (lines end in CRLF)");
  state_ = next;
  return ok_status();
}

Status ChunkedDecoder::step(char c) {
  switch (state_) {
    case State::kSize:
      if (int v = hex_digit_value(c); v >= 0) {
        if (++digits_ > kMaxSizeDigits) return bad_framing("chunk size too large");
        remaining_ = remaining_ * 16 + static_cast<uint64_t>(v);
        return ok_status();
      }
      if (digits_ == 0) return bad_framing("chunk size missing");
      if (c == '\r') state_ = State::kSizeLf;
      else if (c == '\n') return lenient_ ? end_size_line() : bad_framing("bare LF (lines end in CRLF)");
      else if (is_blank(c)) state_ = State::kSizeBlank;
      else if (c == ';') state_ = State::kExtension;
      else return bad_framing("unexpected byte in chunk size");
      if (c != '\r' && ++extension_bytes_ > kMaxChunkExtensionBytes)
        return make_error(ErrorKind::kPayloadTooLarge, "chunk extensions are larger than 16 KiB");
      return ok_status();
    case State::kSizeBlank:
    case State::kExtension:
      if (c == '\r') {
        if (state_ == State::kSizeBlank && !lenient_) return bad_framing("blank after chunk size without ';'");
        state_ = State::kSizeLf;
        return ok_status();
      }
      if (c == '\n') {
        if (!lenient_) return bad_framing("bare LF (lines end in CRLF)");
        return end_size_line();
      }
      if (++extension_bytes_ > kMaxChunkExtensionBytes)
        return make_error(ErrorKind::kPayloadTooLarge, "chunk extensions are larger than 16 KiB");
      if (state_ == State::kSizeBlank) {
        if (c == ';') state_ = State::kExtension;
        else if (!is_blank(c)) return bad_framing("unexpected byte after chunk size");
      } else if (!is_field_value_byte(c)) {
        return bad_framing("control byte in chunk extension");
      }
      return ok_status();
    case State::kSizeLf:
      if (c != '\n') return bad_framing("CR without LF after chunk size");
      return end_size_line();
    case State::kDataCr:
      if (c == '\r') state_ = State::kDataLf;
      else if (c == '\n') return bare_lf(State::kSize);
      else return bad_framing("chunk data longer than its size");
      return ok_status();
    case State::kDataLf:
      if (c != '\n') return bad_framing("CR without LF after chunk data");
      state_ = State::kSize;
      return ok_status();
    default:
      break;
  }
  // The trailer section: every byte counts against its cap.
  if (++trailer_bytes_ > kMaxTrailerBytes) return trailers_too_large();
  switch (state_) {
    case State::kTrailer:
      if (c == '\r') state_ = State::kTrailerLf;
      else if (c == '\n') return bare_lf(State::kDone);
      else if (!is_tchar(c)) return bad_framing("malformed trailer field name");
      else if (++trailer_fields_ > kMaxTrailerFields) return trailers_too_large();
      else state_ = State::kTrailerName;
      return ok_status();
    case State::kTrailerName:
      if (c == ':') state_ = State::kTrailerValue;
      else if (!is_tchar(c))
        return bad_framing(c == '\r' || c == '\n' ? "trailer line without a colon" : "malformed trailer field name");
      return ok_status();
    case State::kTrailerValue:
      if (c == '\r') state_ = State::kTrailerLineLf;
      else if (c == '\n') return bare_lf(State::kTrailer);
      else if (!is_field_value_byte(c)) return bad_framing("control byte in trailer field");
      return ok_status();
    case State::kTrailerLineLf:
      if (c != '\n') return bad_framing("CR without LF in trailer field");
      state_ = State::kTrailer;
      return ok_status();
    case State::kTrailerLf:
      if (c != '\n') return bad_framing("CR without LF after trailers");
      state_ = State::kDone;
      return ok_status();
    default:
      return ok_status();
  }
}

Result<size_t> ChunkedDecoder::decode(std::string_view in, std::string& out) {
  size_t at = 0;
  while (at < in.size() && state_ != State::kDone) {
    if (state_ == State::kData) {
      size_t run = static_cast<size_t>(std::min<uint64_t>(remaining_, in.size() - at));
      out.append(in.data() + at, run);
      at += run;
      remaining_ -= run;
      if (remaining_ == 0) state_ = State::kDataCr;
      continue;
    }
    if (Status s = step(in[at++]); !s.ok()) return s.error();
  }
  return at;
}

}  // namespace gw
