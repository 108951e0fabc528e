// CSV as spreadsheets write it (RFC 4180 quoting, cells over several lines), read with libcsv:
// ',' or ';' (Excel with Dutch settings), UTF-8 with or without a byte-order mark.
#include <csv.h>

#include <algorithm>

#include "intents/text_normalizer.h"
#include "server/import/sources.h"

namespace loket::server::import {

namespace {

struct Reading {
  Table table;
  std::vector<std::string> row;
  std::size_t line = 1;  // of the record being read, as the spreadsheet numbers rows
  std::string error;
};

void on_field(void* data, std::size_t size, void* context) {
  auto& r = *static_cast<Reading*>(context);
  if (!r.error.empty()) return;
  std::string cell =
      data == nullptr ? std::string() : std::string(static_cast<const char*>(data), size);
  if (cell.size() > kMaxCellChars * 4 || intents::count_code_points(cell) > kMaxCellChars)
    r.error = "a cell is longer than " + std::to_string(kMaxCellChars) + " characters";
  r.row.push_back(std::move(cell));
}

void on_record(int, void* context) {
  auto& r = *static_cast<Reading*>(context);
  if (!r.error.empty()) return;  // the error names the row it is on
  ++r.line;
  if (r.table.rows.size() >= kMaxRows + 1) {
    r.error = "more than " + std::to_string(kMaxRows) + " rows";
    return;
  }
  r.table.rows.push_back(std::move(r.row));
  r.table.row_numbers.push_back(r.line - 1);
  r.row.clear();
}

// The header's separator: whichever of ',' and ';' it has more of outside quotes.
unsigned char separator(std::string_view data) {
  std::size_t commas = 0, semicolons = 0;
  bool quoted = false;
  for (char c : data) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    commas += c == ',';
    semicolons += c == ';';
  }
  return semicolons > commas ? ';' : ',';
}

}  // namespace

std::optional<Table> read_csv(const std::filesystem::path& source, std::string& error) {
  auto data = read_file(source, error);
  if (!data) return std::nullopt;
  return parse_csv(*data, source.filename().string(), error);
}

std::optional<Table> parse_csv(std::string_view data, const std::string& file, std::string& error) {
  std::string_view text(data);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (!intents::is_valid_utf8(text)) {
    // The line of the first bad byte (no character spans a line break), so staff can find it.
    std::size_t line = 1;
    for (std::size_t at = 0; at < text.size(); ++line) {
      const auto end = std::min(text.find('\n', at), text.size());
      if (!intents::is_valid_utf8(text.substr(at, end - at))) break;
      at = end + 1;
    }
    error =
        file + ":line " + std::to_string(line) + ": not UTF-8 (in Excel, save as \"CSV UTF-8\")";
    return std::nullopt;
  }
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
    error = "cannot start the CSV reader";
    return std::nullopt;
  }
  csv_set_delim(&parser, separator(text));
  Reading reading;
  // Fed line by line, so that an error names the row it is on.
  std::size_t at = 0;
  while (at < text.size() && reading.error.empty()) {
    const auto end = std::min(text.find('\n', at), text.size() - 1) + 1;
    const auto chunk = text.substr(at, end - at);
    if (csv_parse(&parser, chunk.data(), chunk.size(), on_field, on_record, &reading) !=
        chunk.size())
      reading.error = csv_strerror(csv_error(&parser));
    at = end;
  }
  if (reading.error.empty() && csv_fini(&parser, on_field, on_record, &reading) != 0)
    reading.error = "a quoted cell is not closed";
  csv_free(&parser);
  if (!reading.error.empty()) {
    error = file + ":row " + std::to_string(reading.line) + ": " + reading.error;
    return std::nullopt;
  }
  if (reading.table.rows.empty()) {
    error = file + ": no rows (the first row names the columns: question, answer, ...)";
    return std::nullopt;
  }
  return std::move(reading.table);
}

}  // namespace loket::server::import
