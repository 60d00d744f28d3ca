// chunked_decoder.cc - ChunkedDecoder: a byte-at-a-time state machine for the
// framing, with chunk data copied in runs. Thread-compatible.
#include "core/http/chunked_decoder.h"

#include <algorithm>

#include "core/base/ascii_text.h"

namespace gw {
namespace {

constexpr int kMaxSizeDigits = 15;  // sizes up to 2^60 bytes; more is nonsense

Error bad_framing(std::string_view what) {
  return make_error(ErrorKind::kUpstreamError, "bad chunked framing: " + std::string(what));
}

}  // namespace

Status ChunkedDecoder::end_size_line() {
  if (digits_ == 0) return bad_framing("chunk size missing");
  digits_ = 0;
  state_ = remaining_ == 0 ? State::kTrailer : State::kData;
  return ok_status();
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
    char c = in[at++];
    switch (state_) {
      case State::kSize:
        if (int v = hex_digit_value(c); v >= 0) {
          if (++digits_ > kMaxSizeDigits) return bad_framing("chunk size too large");
          remaining_ = remaining_ * 16 + static_cast<uint64_t>(v);
        } else if (c == ';' || c == ' ' || c == '\t') {
          state_ = State::kExtension;
        } else if (c == '\r') {
          state_ = State::kSizeLf;
        } else if (c == '\n') {
          if (Status s = end_size_line(); !s.ok()) return s.error();
        } else {
          return bad_framing("unexpected byte in chunk size");
        }
        break;
      case State::kExtension:
        if (c != '\n') break;
        if (Status s = end_size_line(); !s.ok()) return s.error();
        break;
      case State::kSizeLf:
        if (c != '\n') return bad_framing("CR without LF after chunk size");
        if (Status s = end_size_line(); !s.ok()) return s.error();
        break;
      case State::kDataCr:
        if (c == '\r') state_ = State::kDataLf;
        else if (c == '\n') state_ = State::kSize;
        else return bad_framing("chunk data longer than its size");
        break;
      case State::kDataLf:
        if (c != '\n') return bad_framing("CR without LF after chunk data");
        state_ = State::kSize;
        break;
      case State::kTrailer:
        if (c == '\r') state_ = State::kTrailerLf;
        else if (c == '\n') state_ = State::kDone;
        else state_ = State::kTrailerLine;
        break;
      case State::kTrailerLine:
        if (c == '\n') state_ = State::kTrailer;
        break;
      case State::kTrailerLf:
        if (c != '\n') return bad_framing("CR without LF after trailers");
        state_ = State::kDone;
        break;
      case State::kData:
      case State::kDone:
        break;
    }
  }
  return at;
}

}  // namespace gw
