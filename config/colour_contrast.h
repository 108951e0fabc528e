// WCAG 2.1 colour contrast (relative luminance, ratio 1 to 21) for checking the widget's
// configured colours. Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string_view>

namespace loket::config {

struct Rgb {
  unsigned char r = 0, g = 0, b = 0;
};

// "#1b1f23" or "#fff"; nothing else (names and rgb() are not accepted, so the check is exact).
std::optional<Rgb> parse_hex_colour(std::string_view text);

// (L1 + 0.05) / (L2 + 0.05), the lighter colour's luminance over the darker's.
double contrast_ratio(Rgb a, Rgb b);

}  // namespace loket::config
