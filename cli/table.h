// table.h - aligned text tables for listing commands: columns padded to
// their widest cell (by UTF-8 code points), two spaces apart, header first.
// Single-threaded.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace gw {

using TableRow = std::vector<std::string>;

void print_table(std::ostream& out, const TableRow& header, const std::vector<TableRow>& rows);

}  // namespace gw
