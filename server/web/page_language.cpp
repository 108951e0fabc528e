#include "server/web/page_language.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace loket::server {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// q=0.8 -> 800; a malformed q counts as 0 (not acceptable), as the range is then unclear.
int quality(std::string_view params) {
  int q = 1000;
  while (!params.empty()) {
    const auto semi = params.find(';');
    const std::string_view p = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') continue;
    const std::string_view v = p.substr(2);
    if (v.empty() || v.size() > 5 || (v[0] != '0' && v[0] != '1')) return 0;
    q = (v[0] - '0') * 1000;
    if (v.size() > 1) {
      if (v[1] != '.') return 0;
      int scale = 100;
      for (char c : v.substr(2)) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return 0;
        q += (c - '0') * scale;
        scale /= 10;
      }
    }
    return std::min(q, 1000);
  }
  return q;
}

}  // namespace

std::string choose_page_language(std::string_view header, const std::vector<std::string>& offered) {
  std::string best = offered.front();
  int best_q = 0;
  // Bounded: a header longer than any browser sends is read only so far.
  header = header.substr(0, 1024);
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    const auto semi = item.find(';');
    std::string_view range = trim(item.substr(0, semi));
    const int q = semi == std::string_view::npos ? 1000 : quality(item.substr(semi + 1));
    if (q <= best_q) continue;  // an earlier range with the same q wins
    std::string primary(range.substr(0, range.find('-')));
    std::transform(primary.begin(), primary.end(), primary.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // Norwegian Bokmål and Nynorsk ask for "nb" and "nn"; loket's content is "no".
    if (primary == "nb" || primary == "nn") primary = "no";
    if (std::find(offered.begin(), offered.end(), primary) == offered.end()) continue;
    best = primary;
    best_q = q;
  }
  return best;
}

}  // namespace loket::server
