#include "config/lookup_table.h"

#include <algorithm>
#include <fstream>
#include <string_view>

#include "config/yaml_text.h"

namespace loket::config {
namespace {

constexpr std::size_t kMaxColumns = 64;

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Records the error; a table with an error is not read any further.
std::nullopt_t fail(std::vector<Diagnostic>& errors, const std::filesystem::path& file, int line,
                    int column, std::string message) {
  errors.push_back({file.string(), line, column, std::move(message)});
  return std::nullopt;
}

struct CsvRecords {
  std::vector<std::vector<std::string>> records;
  std::vector<int> lines;  // the line each record ends on, for error messages
};

// Dutch and German Excel save "CSV" with semicolons: a header line with semicolons and no comma
// says the table is written so.
char separator_of(const std::string& data) {
  const std::string_view header = std::string_view(data).substr(0, data.find('\n'));
  return header.find(';') != std::string_view::npos && header.find(',') == std::string_view::npos
             ? ';'
             : ',';
}

std::optional<CsvRecords> parse_csv(const std::string& data, const std::filesystem::path& file,
                                    std::vector<Diagnostic>& errors) {
  const char separator = separator_of(data);
  CsvRecords out;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, field_started = false;
  int line = 1, column = 0;
  int quote_line = 0, quote_column = 0;
  auto end_field = [&] {
    record.push_back(quoted ? field : trim(field));
    field.clear();
    quoted = field_started = false;
  };
  for (std::size_t i = 0; i < data.size(); ++i) {
    char c = data[i];
    ++column;
    if (quoted && field_started) {
      if (c == '"') {
        if (i + 1 < data.size() && data[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          field_started = false;  // closing quote; only a separator may follow
        }
      } else {
        if (c == '\n') ++line, column = 0;
        field += c;
      }
      continue;
    }
    if (c == separator) {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') ++i;
      if (!record.empty() || !field.empty() || quoted) {
        end_field();
        out.records.push_back(std::move(record));
        out.lines.push_back(line);
        record.clear();
      }
      ++line;
      column = 0;
    } else if (c == '"' && trim(field).empty() && !quoted) {
      field.clear();
      quoted = field_started = true;
      quote_line = line;
      quote_column = column;
    } else if (quoted && (c == ' ' || c == '\t')) {
      continue;
    } else if (quoted) {
      return fail(errors, file, line, column,
                  "text after a closing quote (write \"\" for a quote inside a quoted field)");
    } else {
      field += c;
    }
  }
  if (quoted && field_started) {
    return fail(errors, file, quote_line, quote_column,
                "the quoted field that starts here is not closed");
  }
  if (!record.empty() || !field.empty()) {
    end_field();
    out.records.push_back(std::move(record));
    out.lines.push_back(line);
  }
  return out;
}

std::optional<LookupTable> table_from_records(const CsvRecords& csv,
                                              const std::filesystem::path& file,
                                              std::vector<Diagnostic>& errors) {
  const auto& records = csv.records;
  if (records.empty()) {
    return fail(errors, file, 1, 1, "the lookup table is empty: it needs a header row");
  }
  LookupTable table;
  table.file = file;
  table.columns = records[0];
  if (table.columns.size() < 2 || table.columns.size() > kMaxColumns) {
    return fail(errors, file, 1, 1,
                "the header row needs 2 to 64 column names (a key and the values), separated by "
                "commas or by semicolons");
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& row = records[r];
    const int at = csv.lines[r];
    if (row.size() != table.columns.size())
      return fail(errors, file, at, 1,
                  "row has " + std::to_string(row.size()) + " fields, the header " +
                      std::to_string(table.columns.size()));
    std::string key = upper(row[0]);
    key.erase(std::remove(key.begin(), key.end(), ' '), key.end());
    if (key.empty()) return fail(errors, file, at, 1, "row without a key in the first column");
    if (!table.rows.emplace(key, std::vector<std::string>(row.begin() + 1, row.end())).second)
      return fail(errors, file, at, 1, "key '" + row[0] + "' appears twice");
  }
  return table;
}

// Excel's plain "CSV" is saved in the Windows code page: its "café" would reach residents as
// text that is not UTF-8. Refused at the first such byte.
bool is_utf8(std::string_view data, const std::filesystem::path& file,
             std::vector<Diagnostic>& errors) {
  const auto bad = first_byte_not_utf8(data);
  if (!bad) return true;
  fail(errors, file, bad->line + 1, bad->column + 1,
       "the table is not UTF-8 text (the byte " + bad->hex +
           " here): in Excel, save it as \"CSV UTF-8\"");
  return false;
}

}  // namespace

std::optional<LookupTable> read_lookup_table(const std::filesystem::path& file, std::string data,
                                             std::vector<Diagnostic>& errors) {
  if (data.rfind("\xEF\xBB\xBF", 0) == 0) data.erase(0, 3);  // spreadsheet programs add a BOM
  if (!is_utf8(data, file, errors)) return std::nullopt;
  auto csv = parse_csv(data, file, errors);
  if (!csv) return std::nullopt;
  return table_from_records(*csv, file, errors);
}

}  // namespace loket::config
