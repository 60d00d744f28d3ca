// lane_http_client.cc - LaneHttpClient and the stream that keeps its lane.
#include "proxy/io/lane_http_client.h"

#include <optional>

#include "proxy/io/blocking_lane.h"
#include "proxy/io/fiber_loop.h"

namespace gw {
namespace {

// The inner stream, every call of which runs on `lane`. The lane is declared
// first so it outlives the inner stream, which is destroyed on it too.
class LaneStream final : public ResponseStream {
 public:
  LaneStream(std::unique_ptr<BlockingLane> lane, std::unique_ptr<ResponseStream> inner)
      : lane_(std::move(lane)), inner_(std::move(inner)) {}
  ~LaneStream() override {
    lane_->run([this] { inner_.reset(); });
  }
  int status() const override { return inner_->status(); }
  const Headers& headers() const override { return inner_->headers(); }
  const Status& error() const override { return inner_->error(); }
  bool next(std::string& chunk) override {
    bool more = false;
    lane_->run([&] { more = inner_->next(chunk); });
    return more;
  }

 private:
  std::unique_ptr<BlockingLane> lane_;
  std::unique_ptr<ResponseStream> inner_;
};

}  // namespace

Result<std::unique_ptr<ResponseStream>> LaneHttpClient::open(const HttpRequest& request) {
  if (!FiberLoop::current()) return inner_.open(request);
  auto lane = std::make_unique<BlockingLane>();
  std::optional<Result<std::unique_ptr<ResponseStream>>> opened;
  lane->run([&] { opened.emplace(inner_.open(request)); });
  if (!*opened) return opened->error();
  return std::unique_ptr<ResponseStream>(new LaneStream(std::move(lane), std::move(*opened).value()));
}

}  // namespace gw
