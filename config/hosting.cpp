#include "config/hosting.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <yaml-cpp/yaml.h>

#include "config/file_reader.h"
#include "config/yaml_checker.h"
#include "config/yaml_text.h"

namespace loket::config {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kMaxHostingFileBytes = 1 << 20;
constexpr std::size_t kMaxIdLength = 40;
constexpr std::size_t kMaxHostLength = 253;

std::optional<std::string> read_small_file(const fs::path& file, std::string& error) {
  FileReader disk(file.parent_path(), nullptr);
  return disk.read(file, kMaxHostingFileBytes, error);
}

bool is_host_name(const std::string& host) {
  return !host.empty() && host.size() <= kMaxHostLength &&
         std::all_of(host.begin(), host.end(), [](unsigned char c) {
           return std::islower(c) || std::isdigit(c) || c == '-' || c == '.';
         });
}

void read_municipality(YamlChecker& c, const YAML::Node& node, const fs::path& folder,
                       std::set<std::string>& ids, std::set<std::string>& hosts, Hosting& out) {
  if (!c.expect_map(node, "a municipality", {"id", "hosts", "config"})) return;
  HostedMunicipality m;
  if (!node["id"] || !node["config"]) {
    c.error(node, "a municipality needs id and config");
    return;
  }
  if (auto id = c.string(node["id"], "id")) {
    if (!is_municipality_id(*id))
      c.error(node["id"], "id must be lower-case letters, digits and '-' (at most " +
                              std::to_string(kMaxIdLength) + "), found '" + id->substr(0, 60) +
                              "'");
    else if (!ids.insert(*id).second)
      c.error(node["id"], "municipality '" + *id + "' is listed twice");
    m.id = *id;
  }
  if (auto config = c.non_empty_string(node["config"], "config")) m.config = folder / *config;
  if (node["hosts"]) {
    if (auto list = c.string_list(node["hosts"], "hosts")) {
      for (auto host : *list) {
        std::transform(host.begin(), host.end(), host.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        // Built piece by piece: GCC 12 warns falsely (-Wrestrict) on a chain of + here.
        std::string why = "'";
        if (!is_host_name(host)) {
          why.append(host, 0, 60)
              .append("' is not a host name (letters, digits, '-', '.'; no port)");
          c.error(node["hosts"], why);
        } else if (!hosts.insert(host).second) {
          why.append(host).append("' is listed for two municipalities");
          c.error(node["hosts"], "host " + why);
        }
        m.hosts.push_back(std::move(host));
      }
    }
  }
  out.municipalities.push_back(std::move(m));
}

}  // namespace

bool is_hosting_file(const fs::path& file) {
  std::string error;
  const auto bytes = read_small_file(file, error);
  if (!bytes) return false;
  try {
    const YAML::Node root = parse_yaml(*bytes);
    return root.IsMap() && root["municipalities"].IsDefined();
  } catch (const YAML::Exception&) {
    return false;
  }
}

HostingResult load_hosting(const fs::path& file) {
  HostingResult result;
  YamlChecker c(file.string(), result.errors);
  std::string error;
  const auto bytes = read_small_file(file, error);
  if (!bytes) {
    result.errors.push_back({file.string(), 1, 1, error});
    return result;
  }
  YAML::Node root;
  try {
    root = parse_yaml(*bytes);
  } catch (const YAML::ParserException& e) {
    result.errors.push_back({file.string(), e.mark.line + 1, e.mark.column + 1, e.msg});
    return result;
  }
  if (!c.expect_map(root, "the hosting file", {"server", "municipalities"})) return result;
  Hosting hosting;
  if (const YAML::Node server = root["server"]) {
    if (c.expect_map(server, "server", {"listen"}) && server["listen"]) {
      if (auto text = c.string(server["listen"], "server.listen");
          text && !parse_listen(*text, hosting.listen_host, hosting.listen_port))
        c.error(server["listen"], "server.listen must be HOST:PORT, found '" + *text + "'");
    }
  }
  const YAML::Node list = root["municipalities"];
  if (c.expect_sequence(list, "municipalities")) {
    if (list.size() == 0)
      c.error(list, "municipalities lists none");
    else if (list.size() > kMaxMunicipalities)
      c.error(list, "municipalities lists more than " + std::to_string(kMaxMunicipalities));
    std::set<std::string> ids;
    std::set<std::string> hosts;
    const fs::path folder = file.parent_path();
    for (const auto& entry : list) read_municipality(c, entry, folder, ids, hosts, hosting);
  }
  if (result.errors.empty()) result.hosting = std::move(hosting);
  return result;
}

bool is_municipality_id(const std::string& id) {
  return !id.empty() && id.size() <= kMaxIdLength && id.front() != '-' &&
         std::all_of(id.begin(), id.end(), [](unsigned char c) {
           return std::islower(c) || std::isdigit(c) || c == '-';
         });
}

std::string schema_of(const std::string& municipality_id) {
  std::string schema = "loket_" + municipality_id;
  std::replace(schema.begin(), schema.end(), '-', '_');
  return schema;
}

}  // namespace loket::config
