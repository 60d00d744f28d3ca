#include "cli/table.h"

#include <ostream>

namespace gw {
namespace {

size_t display_width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // count code points, not bytes
  return n;
}

}  // namespace

void print_table(std::ostream& out, const TableRow& header, const std::vector<TableRow>& rows) {
  std::vector<size_t> width(header.size(), 0);
  auto measure = [&](const TableRow& r) {
    for (size_t i = 0; i < r.size() && i < width.size(); ++i) width[i] = std::max(width[i], display_width(r[i]));
  };
  measure(header);
  for (const TableRow& r : rows) measure(r);
  auto print = [&](const TableRow& r) {
    std::string line;
    for (size_t i = 0; i < r.size() && i < width.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size()) line += std::string(width[i] - display_width(r[i]) + 2, ' ');
    }
    out << line << "\n";
  };
  print(header);
  for (const TableRow& r : rows) print(r);
}

}  // namespace gw
