// Internal to server/import: each format's reader, and a spreadsheet's rows as FAQs.
// Plain functions; no shared state.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "server/import/import.h"

namespace loket::server::import {

// The largest source file, sheet entry, row count and cell: beyond, the import is refused.
inline constexpr std::size_t kMaxSourceBytes = 64 * 1024 * 1024;
inline constexpr std::size_t kMaxRows = 50'000;
inline constexpr std::size_t kMaxCellChars = 20'000;

// A sheet: rows of cells, the first the header. `row_numbers` are as a spreadsheet shows them.
struct Table {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> row_numbers;
};

// The file's bytes, or nullopt with `error` set (missing, too big).
std::optional<std::string> read_file(const std::filesystem::path& path, std::string& error);

std::optional<Table> read_csv(const std::filesystem::path& source, std::string& error);
// The same from the file's bytes; `file` names it in errors.
std::optional<Table> parse_csv(std::string_view data, const std::string& file, std::string& error);
std::optional<Table> read_xlsx(const std::filesystem::path& source, std::string& error);
// Columns named in the header row (question, answer, extra questions, link, theme, language, id;
// in Dutch too) become FAQs; rows without a question or an answer are skipped, with why.
ReadResult faqs_from_table(const Table& table, const std::string& file, const std::string& lang);
ReadResult read_rasa(const std::filesystem::path& source, const std::string& lang);
ReadResult read_faqpage(const std::filesystem::path& source, const std::string& lang);
// The same from the page's (or JSON-LD file's) bytes; `file` names it in the report.
ReadResult parse_faqpage(const std::string& data, const std::string& file, const std::string& lang);

// "Nederlands", "NL", "de-DE" -> "nl", "de"; empty when it is no language.
std::string language_code(std::string_view text);

}  // namespace loket::server::import
