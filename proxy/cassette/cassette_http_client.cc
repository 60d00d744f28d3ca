// cassette_http_client.cc - see cassette_http_client.h.
#include "proxy/cassette/cassette_http_client.h"

#include <cmath>

namespace gw {
namespace {

// A recorded transport failure's kind. Only what a provider's client can
// fail with is replayed as such (a file edited to say "cassette_miss", or
// anything else, is an upstream error), so a replayed failure fails over as
// the recorded one did and is never taken for a miss.
ErrorKind kind_named(std::string_view name) {
  for (ErrorKind kind : {ErrorKind::kUnavailable, ErrorKind::kUpstreamTimeout, ErrorKind::kUpstreamError})
    if (error_info(kind).name == name) return kind;
  return ErrorKind::kUpstreamError;
}

int64_t now_s(Clock& clock) { return clock.now_unix_ms() / 1000; }

class ReplayStream : public ResponseStream {
 public:
  ReplayStream(std::shared_ptr<const Exchange> e, Clock& clock, double speed)
      : e_(std::move(e)), clock_(clock), speed_(speed) {
    identity_.id = recorded_answer_id(e_->key, e_->ordinal);
    identity_.created_s = e_->recorded_at > 0 ? e_->recorded_at : now_s(clock_);
    for (const auto& [name, value] : e_->response_headers) headers_.add(name, value);
    if (e_->streamed) {
      for (const Frame& f : e_->frames) chunks_.push_back(&f);
    } else if (!e_->body.empty()) {
      whole_.data = e_->body;
      chunks_.push_back(&whole_);
    }
  }
  int status() const override { return e_->status; }
  const Headers& headers() const override { return headers_; }
  bool next(std::string& chunk) override {
    chunk.clear();
    if (next_ >= chunks_.size()) {
      if (!e_->error_kind.empty() && error_.ok()) error_ = make_error(kind_named(e_->error_kind), e_->error_message);
      return false;
    }
    const Frame& f = *chunks_[next_];
    if (speed_ > 0 && next_ > 0) {
      int64_t gap = f.t_ms - chunks_[next_ - 1]->t_ms;
      if (gap > 0) clock_.sleep_ms(static_cast<int64_t>(std::llround(static_cast<double>(gap) / speed_)));
    }
    chunk = f.data;
    ++next_;
    return true;
  }
  const Status& error() const override { return error_; }
  bool ended() const override { return next_ >= chunks_.size() && e_->error_kind.empty(); }
  const AnswerIdentity* answer_identity() const override { return &identity_; }

 private:
  std::shared_ptr<const Exchange> e_;
  Clock& clock_;
  double speed_;
  AnswerIdentity identity_;
  Headers headers_;
  Frame whole_;
  std::vector<const Frame*> chunks_;
  size_t next_ = 0;
  Status error_ = ok_status();
};

// Passes the provider's stream on and keeps a copy; hands the exchange over
// once the body has ended (cleanly or with a transport error).
class RecordingStream : public ResponseStream {
 public:
  RecordingStream(std::unique_ptr<ResponseStream> inner, Exchange e, Clock& clock, CassetteDeck& deck,
                  CassetteHttpClient::Save save)
      : inner_(std::move(inner)), e_(std::move(e)), clock_(clock), deck_(deck), save_(std::move(save)) {
    head_ms_ = clock_.steady_ns() / 1'000'000;
    e_.recorded_at = now_s(clock_);
    identity_ = {recorded_answer_id(e_.key, e_.ordinal), e_.recorded_at};
    e_.status = inner_->status();
    for (const auto& [name, value] : inner_->headers().items()) e_.response_headers.emplace_back(name, value);
    e_.streamed = inner_->headers().get("content-type").find("text/event-stream") != std::string_view::npos;
  }
  int status() const override { return inner_->status(); }
  const Headers& headers() const override { return inner_->headers(); }
  bool next(std::string& chunk) override {
    bool more = inner_->next(chunk);
    if (more && !chunk.empty()) {
      if (e_.streamed) e_.frames.push_back({clock_.steady_ns() / 1'000'000 - head_ms_, chunk});
      else e_.body += chunk;
    }
    if (!more || inner_->ended()) finish();
    return more;
  }
  const Status& error() const override { return inner_->error(); }
  bool ended() const override { return inner_->ended(); }
  // What the replays of this recording will report, reported now too.
  const AnswerIdentity* answer_identity() const override { return &identity_; }

 private:
  void finish() {
    if (done_) return;
    done_ = true;
    if (!inner_->ended() && !inner_->error().ok()) {
      e_.error_kind = error_info(inner_->error().error().kind).name;
      e_.error_message = inner_->error().error().message;
    }
    save_(deck_.finish(std::move(e_)));
  }

  std::unique_ptr<ResponseStream> inner_;
  Exchange e_;
  Clock& clock_;
  CassetteDeck& deck_;
  CassetteHttpClient::Save save_;
  AnswerIdentity identity_;
  int64_t head_ms_ = 0;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<ResponseStream> replay_stream(std::shared_ptr<const Exchange> recording, Clock& clock, double speed) {
  return std::make_unique<ReplayStream>(std::move(recording), clock, speed);
}

CassetteHttpClient::CassetteHttpClient(std::string provider, HttpClient& inner, CassetteDeck& deck, Clock& clock,
                                       CassetteClientOptions options, Save save)
    : provider_(std::move(provider)),
      inner_(inner),
      deck_(deck),
      clock_(clock),
      options_(options),
      save_(std::move(save)) {}

Result<std::unique_ptr<ResponseStream>> CassetteHttpClient::open(const HttpRequest& request) {
  RequestKey key = deck_.key(provider_, request);
  CassetteTurn turn = deck_.next(key);
  if (options_.replay && turn.recording) {
    if (turn.recording->status == 0)  // recorded: the provider could not be reached
      return make_error(kind_named(turn.recording->error_kind), turn.recording->error_message);
    return replay_stream(turn.recording, clock_, options_.speed);
  }
  if (!options_.record) return make_error(ErrorKind::kCassetteMiss, deck_.miss(key), "cassette_miss");
  return record(request, key, turn.ordinal);
}

Result<std::unique_ptr<ResponseStream>> CassetteHttpClient::record(const HttpRequest& request, const RequestKey& key,
                                                                   int ordinal) {
  Exchange e;
  e.provider = provider_;
  e.model = key.model;
  e.ordinal = ordinal;
  e.key = key.hash;
  e.method = request.method;
  e.path = key.path;
  for (const auto& [name, value] : request.headers.items()) e.request_headers.emplace_back(name, value);
  e.request_body = request.body;
  auto opened = inner_.open(request);
  if (!opened) {
    e.recorded_at = now_s(clock_);
    e.error_kind = error_info(opened.error().kind).name;
    e.error_message = opened.error().message;
    save_(deck_.finish(std::move(e)));
    return opened.error();
  }
  return std::unique_ptr<ResponseStream>(
      std::make_unique<RecordingStream>(std::move(opened).value(), std::move(e), clock_, deck_, save_));
}

}  // namespace gw
