// table.h - tabular output for listing commands, one format per audience:
// on a terminal, aligned columns under an upper-case header (cells may carry
// ANSI colour, which does not count toward the width); otherwise plain
// tab-separated lines, header first and never coloured, which stay stable
// for scripts (--json is the fully structured form). Single-threaded.
#pragma once

#include <string>
#include <vector>

namespace gw {

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

  // One row; missing cells are empty, extra cells are ignored.
  void add_row(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }

  // Columns padded to their widest cell and two spaces apart; the last
  // column is not padded.
  std::string aligned() const;
  // Tab-separated, styles removed.
  std::string plain() const;
  std::string render(bool terminal) const { return terminal ? aligned() : plain(); }

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace gw
