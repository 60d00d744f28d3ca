#include "tests/e2e/support/fake_collector.h"

#include <chrono>

namespace gw::e2e {

FakeCollector::FakeCollector(int delay_ms) : delay_ms_(delay_ms) {
  server_.Post("/v1/traces", [this](const httplib::Request& req, httplib::Response& res) {
    if (delay_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms_));
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    std::lock_guard<std::mutex> lock(mu_);
    if (body.is_object())
      for (const auto& rs : body.value("resourceSpans", nlohmann::json::array()))
        for (const auto& ss : rs.value("scopeSpans", nlohmann::json::array()))
          for (const auto& s : ss.value("spans", nlohmann::json::array())) spans_.push_back(s);
    res.set_content("{}", "application/json");
  });
  server_.Post(R"(/api/(\d+)/envelope/)", [this](const httplib::Request& req, httplib::Response& res) {
    if (delay_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms_));
    std::lock_guard<std::mutex> lock(mu_);
    envelopes_.emplace_back(req.get_header_value("X-Sentry-Auth"), req.body);
    res.set_content(R"({"id":"ok"})", "application/json");
  });
  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
}

FakeCollector::~FakeCollector() {
  server_.stop();
  thread_.join();
}

std::vector<nlohmann::json> FakeCollector::spans() const {
  std::lock_guard<std::mutex> lock(mu_);
  return spans_;
}

std::vector<std::pair<std::string, std::string>> FakeCollector::envelopes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return envelopes_;
}

}  // namespace gw::e2e
