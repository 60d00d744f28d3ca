// row_batch_sql.cc - contracts in row_batch_sql.h.
#include "proxy/io/row_batch_sql.h"

namespace gw {

std::string sql_placeholders(size_t count, size_t first) {
  std::string out;
  out.reserve(count * 6);
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    out += '?';
    out += std::to_string(first + i);
  }
  return out;
}

std::string sql_value_rows(size_t columns, size_t rows, size_t first) {
  std::string out;
  out.reserve(rows * (columns * 7 + 4));
  for (size_t r = 0; r < rows; ++r) {
    out += r > 0 ? ", (" : "(";
    out += sql_placeholders(columns, first + r * columns);
    out += ')';
  }
  return out;
}

}  // namespace gw
