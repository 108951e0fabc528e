#include "config/colour_contrast.h"

#include <algorithm>
#include <cmath>

namespace loket::config {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

double channel_luminance(unsigned char value) {
  const double c = value / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(Rgb c) {
  return 0.2126 * channel_luminance(c.r) + 0.7152 * channel_luminance(c.g) +
         0.0722 * channel_luminance(c.b);
}

}  // namespace

std::optional<Rgb> parse_hex_colour(std::string_view text) {
  if (text.size() != 4 && text.size() != 7) return std::nullopt;
  if (text[0] != '#') return std::nullopt;
  int digits[6];
  const std::size_t n = text.size() - 1;
  for (std::size_t i = 0; i < n; ++i)
    if ((digits[i] = hex_digit(text[i + 1])) < 0) return std::nullopt;
  const auto component = [&](std::size_t i) {
    return static_cast<unsigned char>(n == 3 ? digits[i] * 17
                                             : digits[2 * i] * 16 + digits[2 * i + 1]);
  };
  return Rgb{component(0), component(1), component(2)};
}

double contrast_ratio(Rgb a, Rgb b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace loket::config
