// prometheus_text.h - reads one sample out of a Prometheus text exposition,
// for tests that check a counter moved by the right amount. Header-only so
// unit and e2e tests share it. Tests only; stateless.
#pragma once

#include <cstdlib>
#include <sstream>
#include <string>

namespace gw {

// The value of the sample whose name and labels are exactly `series` (e.g.
// `http_requests_total{code="200",route="/health"}`, labels in the
// exposition's order, which is alphabetical); 0 when absent.
inline double sample_value(const std::string& exposition, const std::string& series) {
  std::istringstream in(exposition);
  for (std::string line; std::getline(in, line);) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 && line[series.size()] == ' ')
      return std::strtod(line.c_str() + series.size() + 1, nullptr);
  }
  return 0;
}

}  // namespace gw
