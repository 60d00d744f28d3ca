#include "cli/reply_stream.h"

namespace gw {
namespace {

class ReplyStream final : public ResponseStream {
 public:
  explicit ReplyStream(Reply reply) : reply_(std::move(reply)) {
    reply_.headers.set("Content-Type", reply_.content_type);
  }
  ~ReplyStream() override {
    if (reply_.on_stream_end) reply_.on_stream_end(completed_);
  }
  int status() const override { return reply_.status; }
  const Headers& headers() const override { return reply_.headers; }
  const Status& error() const override { return error_; }

  bool next(std::string& chunk) override {
    chunk.clear();
    if (done_) return false;
    if (!reply_.next_chunk) {
      done_ = true;
      chunk = std::move(reply_.body);
      return true;
    }
    StreamStep step = reply_.next_chunk(chunk);
    if (step == StreamStep::kChunk) return true;
    done_ = true;
    completed_ = step == StreamStep::kEnd;
    if (!completed_) {
      error_ = make_error(ErrorKind::kUpstreamError, "the answer was cut off by the provider");
      chunk.clear();
      return false;
    }
    return !chunk.empty();  // the last bytes; the next call ends
  }

 private:
  Reply reply_;
  bool done_ = false;
  bool completed_ = false;
  Status error_ = ok_status();
};

}  // namespace

std::unique_ptr<ResponseStream> make_reply_stream(Reply reply) {
  return std::make_unique<ReplyStream>(std::move(reply));
}

}  // namespace gw
