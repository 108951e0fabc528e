#include "server/common/labelled_metrics.h"

#include <map>
#include <string_view>

namespace loket::server {
namespace {

struct Family {
  std::string header;  // its HELP and TYPE lines
  std::string samples;
};

// "# TYPE name counter" -> "name"
std::string_view family_of_comment(std::string_view line) {
  line.remove_prefix(std::min(line.size(), std::size_t{7}));  // "# HELP " / "# TYPE "
  return line.substr(0, line.find(' '));
}

// The sample with `label` first among its labels.
std::string labelled(std::string_view line, const std::string& label) {
  const std::size_t name_end = line.find_first_of("{ ");
  if (name_end == std::string_view::npos) return std::string(line);
  std::string out(line.substr(0, name_end));
  if (line[name_end] == '{') {
    out.append("{").append(label);
    if (line.size() > name_end + 1 && line[name_end + 1] != '}') out.append(",");
    out.append(line.substr(name_end + 1));
  } else {
    out.append("{").append(label).append("}").append(line.substr(name_end));
  }
  return out;
}

// A histogram's or summary's samples carry suffixes; they belong to the family described before
// them.
bool of_family(std::string_view sample, std::string_view family) {
  if (family.empty() || !sample.starts_with(family)) return false;
  const std::string_view suffix = sample.substr(family.size());
  return suffix.empty() || suffix == "_bucket" || suffix == "_sum" || suffix == "_count";
}

}  // namespace

std::string merge_labelled_expositions(
    const std::vector<std::pair<std::string, std::string>>& expositions) {
  std::vector<std::string> order;
  std::map<std::string, Family, std::less<>> families;
  for (const auto& [id, text] : expositions) {
    const std::string label = "municipality=\"" + id + "\"";
    std::string current;
    std::size_t at = 0;
    while (at < text.size()) {
      std::size_t end = text.find('\n', at);
      if (end == std::string::npos) end = text.size();
      const std::string_view line(text.data() + at, end - at);
      at = end + 1;
      if (line.empty()) continue;
      if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
        current = std::string(family_of_comment(line));
        auto [it, inserted] = families.try_emplace(current);
        if (inserted) order.push_back(current);
        // Once per family: every municipality's exposition has the same lines.
        if (it->second.header.find(std::string(line.substr(0, 7)) + current + " ") ==
            std::string::npos)
          it->second.header.append(line).append("\n");
        continue;
      }
      if (line.front() == '#') continue;
      const std::string_view name = line.substr(0, line.find_first_of("{ "));
      if (!of_family(name, current)) {
        current = std::string(name);
        if (families.try_emplace(current).second) order.push_back(current);
      }
      families[current].samples.append(labelled(line, label)).append("\n");
    }
  }
  std::string out;
  for (const auto& name : order) out.append(families[name].header).append(families[name].samples);
  return out;
}

}  // namespace loket::server
