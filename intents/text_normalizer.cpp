#include "intents/text_normalizer.h"

#include <utf8proc.h>

#include <cstdlib>

#include <array>
#include <cstdint>

namespace loket::intents {
namespace {
using namespace std::literals;

constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes one code point at `i`, advancing it; kInvalid (and one byte) on malformed input.
char32_t decode(std::string_view s, std::size_t& i) {
  auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = b0 >= 0xF5 ? 0 : b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 ? 2 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return kInvalid;
  }
  char32_t cp = b0 & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return kInvalid;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not valid UTF-8.
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return kInvalid;
  }
  i += len;
  return cp;
}

void encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

char32_t to_lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0xC0) return c;
  if (c <= 0xDE && c != 0xD7) return c + 32;  // Latin-1 capitals
  if (c >= 0x100 && c <= 0x137) return c | 1;
  if (c >= 0x139 && c <= 0x148) return (c & 1) ? c + 1 : c;
  if (c >= 0x14A && c <= 0x177) return c | 1;
  if (c == 0x178) return 0xFF;
  if (c >= 0x179 && c <= 0x17E) return (c & 1) ? c + 1 : c;
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;  // Greek
  if (c >= 0x410 && c <= 0x42F) return c + 32;                // Cyrillic
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if (c == 0x1E9E) return 0xDF;  // capital sharp s
  return c;
}

// Base letters of U+00E0..U+00FF (lower case); '\0' marks a letter with no plain base.
constexpr std::string_view kLatin1Base =
    "aaaaaaaceeeeiiii"
    "dnooooo\0ouuuuyty"sv;
static_assert(kLatin1Base.size() == 32);
// Base letters of U+0100..U+017F, one per code point.
constexpr std::string_view kLatinExtABase =
    "aaaaaa"
    "cccccccc"
    "dddd"
    "eeeeeeeeee"
    "gggggggg"
    "hhhh"
    "iiiiiiiiii"
    "ii"
    "jj"
    "kkk"
    "llllllllll"
    "nnnnnnnnn"
    "oooooo"
    "oo"
    "rrrrrr"
    "ssssssss"
    "tttttt"
    "uuuuuuuuuuuu"
    "ww"
    "yyy"
    "zzzzzz"
    "s";
static_assert(kLatinExtABase.size() == 128);

// Appends the accent-free form of a lower-case code point.
void append_folded(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
    return;
  }
  switch (c) {
    case 0xDF:
      out += "ss";
      return;
    case 0xE6:
      out += "ae";
      return;
    case 0xF8:
      out += 'o';
      return;
    case 0x153:
      out += "oe";
      return;
    case 0x133:
      out += "ij";
      return;
    case 0x131:
      out += 'i';
      return;
    default:
      break;
  }
  if (c >= 0xE0 && c <= 0xFF && c != 0xF7) {
    out += kLatin1Base[c - 0xE0];
    return;
  }
  if (c >= 0x100 && c <= 0x17F) {
    out += kLatinExtABase[c - 0x100];
    return;
  }
  encode(c, out);
}

bool is_word_char(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (c == 0xD7 || c == 0xF7) return false;
  if (c >= 0xC0 && c <= 0x24F) return true;      // Latin letters
  if (c >= 0x370 && c <= 0x52F) return true;     // Greek, Cyrillic
  if (c >= 0x1E00 && c <= 0x1FFF) return true;   // Latin Extended Additional, Greek Extended
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // punctuation, symbols, arrows
  if (c >= 0x3000 && c <= 0x303F) return false;
  if (c >= 0xFE00 && c <= 0xFE0F) return false;
  if (c >= 0x1F000) return false;  // emoji
  return c > 0x2FF && c != kInvalid;
}

bool is_apostrophe(char32_t c) {
  return c == '\'' || c == 0x2019 || c == 0x2018;
}

}  // namespace

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

bool is_ascii(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

std::string normalize_unicode(std::string_view text) {
  if (is_ascii(text)) return std::string(text);
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
      static_cast<utf8proc_ssize_t>(text.size()), &mapped,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
  if (n < 0) return std::string(text);
  std::string out(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
  std::free(mapped);
  return out;
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  // Words average five or six letters: one allocation for most messages instead of one per
  // doubling.
  tokens.reserve(text.size() / 5 + 1);
  tokenize(text, tokens);
  return tokens;
}

void tokenize(std::string_view raw, std::vector<Token>& tokens) {
  tokens.clear();
  // Most messages are ASCII: they are read as they are, without a copy.
  std::string normalized;
  if (!is_ascii(raw)) normalized = normalize_unicode(raw);
  const std::string_view text = normalized.empty() ? raw : std::string_view(normalized);
  Token current;
  auto flush = [&] {
    if (!current.lower.empty()) tokens.push_back(std::move(current));
    current = Token{};
  };
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t c = decode(text, i);
    if (is_word_char(c)) {
      char32_t lower = to_lower(c);
      encode(lower, current.lower);
      append_folded(lower, current.folded);
    } else if (is_apostrophe(c) && !current.lower.empty() && i < text.size()) {
      // "auto's" -> "autos": only inside a word; a trailing quote ends it.
      std::size_t peek = i;
      if (!is_word_char(decode(text, peek))) flush();
    } else {
      flush();
    }
  }
  flush();
}

std::string fold_accents(std::string_view lower) {
  std::string out;
  out.reserve(lower.size());
  std::size_t i = 0;
  while (i < lower.size()) {
    char32_t c = decode(lower, i);
    if (c != kInvalid) append_folded(c, out);
  }
  return out;
}

std::size_t count_code_points(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++n) decode(text, i);
  return n;
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();)
    if (decode(text, i) == kInvalid) return false;
  return true;
}

}  // namespace loket::intents
