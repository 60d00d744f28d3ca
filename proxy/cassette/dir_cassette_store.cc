// dir_cassette_store.cc - see dir_cassette_store.h.
#include "proxy/cassette/dir_cassette_store.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace gw {

namespace fs = std::filesystem;

Result<std::vector<std::string>> DirCassetteStore::list() const {
  std::error_code ec;
  if (!fs::is_directory(dir_, ec))
    return make_error(ErrorKind::kIo, "cassette directory " + dir_ + " does not exist or is not a directory");
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".json") names.push_back(it->path().filename().string());
  if (ec) return make_error(ErrorKind::kIo, "cannot list " + dir_ + ": " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::string> DirCassetteStore::read(const std::string& name) const {
  std::ifstream in(fs::path(dir_) / name, std::ios::binary);
  if (!in) return make_error(ErrorKind::kIo, "cannot read " + (fs::path(dir_) / name).string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Status DirCassetteStore::write(const std::string& name, const std::string& text) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  const fs::path final_path = fs::path(dir_) / name;
  const fs::path temp = fs::path(dir_) / ("." + name + ".tmp");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return make_error(ErrorKind::kIo, "cannot write " + temp.string());
  }
  fs::rename(temp, final_path, ec);
  if (ec) return make_error(ErrorKind::kIo, "cannot write " + final_path.string() + ": " + ec.message());
  return ok_status();
}

}  // namespace gw
