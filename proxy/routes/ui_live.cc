// GET /ui/api/live - the dashboard's Live page: finished requests as they
// are written, over one Server-Sent Events connection (no polling by the
// page). Admin only, like /admin/* (a dashboard session counts).
//
// Each event is one request: "id: {seq}" and "data: {json}". A new stream
// starts with the last 50 requests still in the feed (the feed only holds
// what was written while some viewer watched); a reconnecting
// EventSource sends Last-Event-ID and gets what it missed (while it is in
// the feed's ring, proxy/dashboard/live_feed.h). The stream looks for new
// rows every 250 ms (in memory, the fiber sleeping between looks), sends a
// comment every 15 s so proxies keep it open, re-checks the caller's right
// to see it at each of those (a revoked key or an ended session closes it),
// and ends when the server stops.
#include <charconv>
#include <memory>
#include <nlohmann/json.hpp>

#include "proxy/dashboard/live_feed.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

constexpr int64_t kLookEveryMs = 250;
constexpr int64_t kHeartbeatMs = 15'000;
constexpr size_t kBacklog = 50;
constexpr size_t kMaxPerChunk = 100;

std::string event(const LiveRow& row) {
  nlohmann::json j = {{"request_id", row.request_id},
                      {"created_ms", row.created_ms},
                      {"model", row.model},
                      {"provider", row.provider},
                      {"user_id", row.user_id},
                      {"key_id", row.key_id},
                      {"status", row.status},
                      {"prompt_tokens", row.prompt_tokens},
                      {"completion_tokens", row.completion_tokens},
                      {"cost_usd", row.cost.to_string()},
                      {"latency_ms", row.latency_ms}};
  return "id: " + std::to_string(row.seq) +
         "\ndata: " + j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
}

struct LiveStream {
  const Services* services;
  InboundRequest caller;  // headers and address, to re-check the caller's rights
  int64_t after = 0;      // the last sequence number sent
  bool started = false;
};

}  // namespace

Reply handle_ui_live(const Services& s, const InboundRequest& in) {
  if (auto denied = check_admin(s, in)) return *denied;
  if (!s.live)
    return json_reply(
        503, openai_error_body(make_error(ErrorKind::kUnavailable, "the live view needs a database", "no_database")));
  auto state = std::make_shared<LiveStream>();
  state->services = &s;
  state->caller.method = in.method;
  state->caller.path = in.path;
  state->caller.headers = in.headers;
  state->caller.remote_addr = in.remote_addr;
  const int64_t newest = s.live->newest_seq();
  state->after = newest > static_cast<int64_t>(kBacklog) ? newest - static_cast<int64_t>(kBacklog) : 0;
  std::string_view last = in.headers.get("last-event-id");
  int64_t resumed = 0;
  if (!last.empty() && std::from_chars(last.data(), last.data() + last.size(), resumed).ec == std::errc() &&
      resumed >= 0 && resumed <= newest)
    state->after = resumed;
  s.live->watch();
  Reply r;
  r.content_type = "text/event-stream";
  r.headers.add("Cache-Control", "no-store");
  r.headers.add("X-Accel-Buffering", "no");
  r.next_chunk = [state](std::string& chunk) {
    const Services& s = *state->services;
    chunk.clear();
    if (!state->started) {
      state->started = true;
      chunk = "retry: 2000\n\n";
    }
    for (int64_t waited = 0;; waited += kLookEveryMs) {
      if (s.live->closed()) return StreamStep::kEnd;
      std::vector<LiveRow> rows = s.live->since(state->after, kMaxPerChunk);
      for (const LiveRow& row : rows) chunk += event(row);
      if (!rows.empty()) state->after = rows.back().seq;
      if (!chunk.empty()) return StreamStep::kChunk;
      if (waited >= kHeartbeatMs) {
        if (!admin_allowed(s, state->caller)) return StreamStep::kEnd;
        chunk = ": keep-alive\n\n";
        return StreamStep::kChunk;
      }
      s.clock->sleep_ms(kLookEveryMs);
    }
  };
  LiveFeed* feed = s.live;
  r.on_stream_end = [feed](bool) { feed->unwatch(); };
  return r;
}

}  // namespace gw
