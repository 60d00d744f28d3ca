// cassette_store.cc - read_cassettes (see cassette_store.h).
#include "core/cassette/cassette_store.h"

namespace gw {

Result<std::vector<Exchange>> read_cassettes(const CassetteStore& store) {
  auto names = store.list();
  if (!names) return names.error();
  std::vector<Exchange> out;
  for (const std::string& name : *names) {
    auto text = store.read(name);
    if (!text) return text.error();
    auto e = exchange_from_text(*text);
    if (!e) return make_error(ErrorKind::kConfig, name + ": " + e.error().message);
    out.push_back(std::move(e).value());
  }
  return out;
}

}  // namespace gw
