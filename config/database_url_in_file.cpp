#include "config/database_url_in_file.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "config/config.h"

namespace loket::config {

std::string database_url_in_file(const std::filesystem::path& server_file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(server_file, ec);
  if (ec || size > kMaxConfigFileBytes) return {};
  std::ifstream in(server_file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  try {
    const YAML::Node root = YAML::Load(text.str());
    if (!root.IsMap()) return {};
    const YAML::Node database = root["database"];
    if (!database.IsMap()) return {};
    const YAML::Node url = database["url"];
    return url.IsScalar() ? url.as<std::string>() : std::string();
  } catch (const YAML::Exception&) {
    return {};
  }
}

}  // namespace loket::config
