#include "server/import/import.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "server/import/sources.h"

namespace loket::server::import {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
  if (name == "csv") return Format::csv;
  if (name == "xlsx") return Format::xlsx;
  if (name == "rasa") return Format::rasa;
  if (name == "faqpage") return Format::faqpage;
  return std::nullopt;
}

std::string_view format_name(Format format) {
  switch (format) {
    case Format::csv:
      return "csv";
    case Format::xlsx:
      return "xlsx";
    case Format::rasa:
      return "rasa";
    case Format::faqpage:
      break;
  }
  return "faqpage";
}

std::optional<Format> guess_format(const fs::path& source) {
  std::error_code ec;
  if (fs::is_directory(source, ec)) return Format::rasa;
  const std::string name = lower(source.filename().string());
  const std::string ext = lower(source.extension().string());
  if (name == "domain.yml" || name == "domain.yaml" || name == "nlu.yml" || name == "nlu.yaml")
    return Format::rasa;
  if (ext == ".csv" || ext == ".txt") return Format::csv;
  if (ext == ".xlsx") return Format::xlsx;
  if (ext == ".html" || ext == ".htm" || ext == ".json" || ext == ".jsonld") return Format::faqpage;
  return std::nullopt;
}

std::optional<std::string> read_file(const fs::path& path, std::string& error) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) {
    error = path.string() + ": cannot read: " + ec.message();
    return std::nullopt;
  }
  if (size > kMaxSourceBytes) {
    error = path.string() + ": larger than " + std::to_string(kMaxSourceBytes >> 20) + " MB";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    error = path.string() + ": cannot read";
    return std::nullopt;
  }
  return data;
}

std::string language_code(std::string_view text) {
  std::string t = lower(text);
  t.erase(0, t.find_first_not_of(" \t"));
  t.erase(t.find_last_not_of(" \t") + 1);
  static const std::map<std::string, std::string, std::less<>> kNames = {
      {"nederlands", "nl"}, {"dutch", "nl"},    {"niederländisch", "nl"}, {"engels", "en"},
      {"english", "en"},    {"englisch", "en"}, {"duits", "de"},          {"german", "de"},
      {"deutsch", "de"},    {"fries", "fy"},    {"frysk", "fy"},          {"frisian", "fy"},
      {"dansk", "da"},      {"deens", "da"},    {"danish", "da"},         {"frans", "fr"},
      {"français", "fr"},   {"french", "fr"}};
  if (auto it = kNames.find(t); it != kNames.end()) return it->second;
  // "de-DE", "nl_NL": the language, not the country.
  if (auto cut = t.find_first_of("-_"); cut != std::string::npos) t.resize(cut);
  const bool code = (t.size() == 2 || t.size() == 3) &&
                    std::all_of(t.begin(), t.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  return code ? t : std::string();
}

namespace {

ReadResult read_by_format(const fs::path& source, Format format, const std::string& lang) {
  std::string error;
  switch (format) {
    case Format::csv:
      if (auto table = read_csv(source, error))
        return faqs_from_table(*table, source.filename().string(), lang);
      return {std::nullopt, error};
    case Format::xlsx:
      if (auto table = read_xlsx(source, error))
        return faqs_from_table(*table, source.filename().string(), lang);
      return {std::nullopt, error};
    case Format::rasa:
      return read_rasa(source, lang);
    case Format::faqpage:
      break;
  }
  return read_faqpage(source, lang);
}

// A link as a spreadsheet holds it ("www.noorderhaven.nl/afval") is a web address all the same;
// anything else that is not one is left out, and the report says so.
void check_links(Imported& imported) {
  for (auto& faq : imported.faqs) {
    if (faq.link.empty() || faq.link.starts_with("https://") || faq.link.starts_with("http://"))
      continue;
    if (faq.link.starts_with("www.")) {
      faq.link.insert(0, "https://");
      continue;
    }
    imported.skipped.push_back(
        {faq.origin,
         "the link '" + faq.link.substr(0, 200) +
             "' is not a web address (https://...): the answer is imported without it"});
    faq.link.clear();
  }
}

}  // namespace

ReadResult read_source(const fs::path& source, Format format, const std::string& lang) {
  ReadResult read = read_by_format(source, format, lang);
  if (read.imported) check_links(*read.imported);
  return read;
}

}  // namespace loket::server::import
