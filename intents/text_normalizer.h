// Unicode-aware text normalisation for matching: NFKC (utf8proc), UTF-8 decoding, case folding
// beyond ASCII (Latin-1, Latin Extended-A, Greek, Cyrillic), accent removal and word
// tokenisation.
// Pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace loket::intents {

struct Token {
  std::string lower;   // case-folded, accents kept: what a Snowball stemmer expects
  std::string folded;  // case-folded, accents removed ("één" -> "een", "straße" -> "strasse")
};

// Unicode NFKC: a letter and its combining accent become the one precomposed letter ("e" +
// U+0301 -> "é"), compatibility forms their plain ones (full-width "１２" -> "12", "ﬁ" -> "fi").
// ASCII text is returned as it is; invalid UTF-8 too (its bytes act as separators later).
std::string normalize_unicode(std::string_view text);
bool is_ascii(std::string_view text);
// The first at most `max_bytes` of `text`, cut on a character boundary (never inside a UTF-8
// sequence, which JSON and PostgreSQL refuse).
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

// Splits `text` (normalised as normalize_unicode() does) into word tokens (letters and digits;
// apostrophes inside words are dropped so that "auto's" and "autos" meet). Invalid UTF-8 bytes act
// as separators.
std::vector<Token> tokenize(std::string_view text);
// The same into `tokens`, replacing what it held and reusing its memory.
void tokenize(std::string_view text, std::vector<Token>& tokens);

// Removes accents from already lower-cased UTF-8 text.
std::string fold_accents(std::string_view lower);

// Number of Unicode code points (invalid bytes count one each).
std::size_t count_code_points(std::string_view text);

// True when `text` is valid UTF-8.
bool is_valid_utf8(std::string_view text);

}  // namespace loket::intents
