// http.h - small helpers over cpp-httplib's client for e2e tests.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gw::e2e {

inline httplib::Client client(int port) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(30, 0);
  c.set_connection_timeout(5, 0);
  return c;
}

inline std::string chat_body(const std::string& text, bool stream = false, const std::string& model = "mock/echo") {
  nlohmann::json b = {{"model", model}, {"stream", stream}, {"messages", {{{"role", "user"}, {"content", text}}}}};
  return b.dump();
}

inline nlohmann::json json_of(const httplib::Result& r) { return nlohmann::json::parse(r->body, nullptr, false); }

// The payloads of a body's SSE `data: ` lines, in order.
inline std::vector<std::string> data_lines(const std::string& body) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = body.find("data: ", pos)) != std::string::npos) {
    size_t end = body.find("\n\n", pos);
    out.push_back(body.substr(pos + 6, end - pos - 6));
    pos = end;
  }
  return out;
}

}  // namespace gw::e2e
