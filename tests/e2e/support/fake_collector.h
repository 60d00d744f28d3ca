// fake_collector.h - a fake OpenTelemetry collector and Sentry receiver for
// e2e tests: an httplib server on 127.0.0.1 (a free port) in the test
// process. It accepts OTLP/HTTP JSON on POST /v1/traces and Sentry envelopes
// on POST /api/<project>/envelope/, keeps what it got, and can be told to
// answer slowly. Stops at destruction. Thread-safe.
#pragma once

#include <httplib.h>

#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace gw::e2e {

class FakeCollector {
 public:
  // Every answer waits `delay_ms` first (a slow collector).
  explicit FakeCollector(int delay_ms = 0);
  ~FakeCollector();
  FakeCollector(const FakeCollector&) = delete;
  FakeCollector& operator=(const FakeCollector&) = delete;

  std::string traces_url() const { return url() + "/v1/traces"; }
  // A DSN whose envelope endpoint is this server (project 42).
  std::string dsn() const { return "http://testpublickey@127.0.0.1:" + std::to_string(port_) + "/42"; }

  // Every span received so far.
  std::vector<nlohmann::json> spans() const;
  // Every envelope received so far: its X-Sentry-Auth header and body.
  std::vector<std::pair<std::string, std::string>> envelopes() const;

 private:
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  httplib::Server server_;
  int port_ = 0;
  int delay_ms_;
  mutable std::mutex mu_;
  std::vector<nlohmann::json> spans_;
  std::vector<std::pair<std::string, std::string>> envelopes_;
  std::thread thread_;
};

}  // namespace gw::e2e
