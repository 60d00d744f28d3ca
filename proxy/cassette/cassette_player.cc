// cassette_player.cc - see cassette_player.h.
#include "proxy/cassette/cassette_player.h"

#include <cstdio>
#include <mutex>

#include "core/cassette/cassette_store.h"
#include "proxy/cassette/dir_cassette_store.h"
#include "proxy/io/background_queue.h"

namespace gw {

// Saves finished recordings off the request path; remembers the first failure.
struct CassettePlayer::Writer {
  explicit Writer(CassetteStore& store)
      : queue(
            [this, &store](std::vector<std::shared_ptr<const Exchange>>& batch) {
              for (const auto& e : batch) {
                Status st = store.write(e->file_name(), exchange_to_text(*e));
                if (st) continue;
                std::fprintf(stderr, "gw: cassette not saved: %s\n", st.error().message.c_str());
                std::lock_guard<std::mutex> lock(mu);
                if (failure.ok()) failure = st;
              }
            },
            BackgroundQueue<std::shared_ptr<const Exchange>>::Options{
                {}, 1, 1024, "gw-cassette", &Housekeeper::shared()}) {}
  std::mutex mu;
  Status failure = ok_status();
  BackgroundQueue<std::shared_ptr<const Exchange>> queue;  // last: stopped before the members it uses go
};

Result<std::unique_ptr<CassettePlayer>> CassettePlayer::create(
    const CassetteOptions& options, const ProviderRegistry& providers, HttpClient& network, HttpClient& mock,
    Clock& clock, const std::vector<std::pair<std::string, std::string>>& secrets,
    std::unique_ptr<CassetteStore> store) {
  std::unique_ptr<CassettePlayer> p(new CassettePlayer());
  p->store_ = store ? std::move(store) : std::make_unique<DirCassetteStore>(options.dir);
  CassetteScrubber scrubber;
  for (const auto& [name, value] : secrets) scrubber.add_secret(name, value);
  const bool replay = options.mode == CassetteMode::kReplay || options.mode == CassetteMode::kReplayAndRecord;
  const bool record = options.mode == CassetteMode::kRecord || options.mode == CassetteMode::kReplayAndRecord;
  p->deck_ = std::make_unique<CassetteDeck>(options.ignored, std::move(scrubber),
                                            options.mode == CassetteMode::kReplayAndRecord);
  if (replay) {
    auto loaded = read_cassettes(*p->store_);
    if (!loaded) {
      // With --record-missing an absent directory is an empty one.
      if (!(record && loaded.error().kind == ErrorKind::kIo && !p->store_->list()))
        return make_error(ErrorKind::kConfig, "--replay: " + loaded.error().message);
    } else {
      for (Exchange& e : *loaded) p->deck_->add(std::move(e));
    }
  }
  if (record) p->writer_ = std::make_unique<Writer>(*p->store_);
  Writer* writer = p->writer_.get();
  auto save = [writer](std::shared_ptr<const Exchange> e) {
    if (writer) writer->queue.push(std::move(e));
  };
  CassetteClientOptions client_options{replay, record, options.replay_speed};
  for (const auto& [slug, ep] : providers.endpoints()) {
    HttpClient& inner = ep.base_url.rfind("mock://", 0) == 0 ? mock : network;
    p->clients_.emplace(slug,
                        std::make_unique<CassetteHttpClient>(slug, inner, *p->deck_, clock, client_options, save));
  }
  return p;
}

CassettePlayer::~CassettePlayer() {
  if (writer_) writer_->queue.stop();
}

HttpClient* CassettePlayer::client(std::string_view provider) const {
  auto it = clients_.find(provider);
  return it == clients_.end() ? nullptr : it->second.get();
}

Status CassettePlayer::flush() {
  if (!writer_) return ok_status();
  writer_->queue.flush();
  std::lock_guard<std::mutex> lock(writer_->mu);
  Status st = writer_->failure;
  writer_->failure = ok_status();
  return st;
}

}  // namespace gw
