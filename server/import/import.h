// `loket import`: a municipality's existing questions and answers (a spreadsheet, a Rasa project,
// a web page's schema.org FAQPage) as content YAML that check-config accepts.
// Plain functions over files; no shared state.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loket::server::import {

enum class Format { csv, xlsx, rasa, faqpage };

std::optional<Format> parse_format(std::string_view name);  // "csv", "xlsx", "rasa", "faqpage"
std::string_view format_name(Format format);
// From the source's name and kind: a folder, domain.yml or nlu.yml is a Rasa project; .csv,
// .xlsx; .html, .htm, .json and .jsonld a FAQPage.
std::optional<Format> guess_format(const std::filesystem::path& source);

// One question and its answer, in one or more languages.
struct Faq {
  std::string id;     // given by the source (a Rasa intent, an id column), else from the question
  std::string theme;  // the file it goes into; empty: "import"
  std::map<std::string, std::vector<std::string>> questions;  // language -> the first titles it
  std::map<std::string, std::string> answers;                 // language -> text
  std::string link;
  std::string origin;  // "file:row 3", for the report
};

// Something of the source that could not become content, and why.
struct Skipped {
  std::string where;  // "faq.csv:row 7", "data/nlu.yml:12"
  std::string why;
};

struct Imported {
  std::vector<Faq> faqs;
  std::vector<Skipped> skipped;
};

struct ReadResult {
  std::optional<Imported> imported;
  std::string error;  // "file:row N: why" when the source as a whole cannot be read
};

// The source's questions in `lang` where it does not say its language itself. Sizes are limited:
// a bigger source, sheet, row count or cell is an error, not a long wait.
ReadResult read_source(const std::filesystem::path& source, Format format, const std::string& lang);

struct Written {
  std::vector<std::filesystem::path> files;  // written or replaced
  std::vector<std::filesystem::path>
      removed;  // an earlier import's that the source no longer fills
  std::size_t intents = 0;
};

// One YAML file per theme in `out` (made when missing), each intent with an id unique in the
// import. Files an earlier import of the same source wrote are replaced, never added to, so a
// second import updates. All files or none: nullopt with `error` set when one cannot be written.
std::optional<Written> write_content(Imported imported, const std::filesystem::path& source,
                                     const std::filesystem::path& out, const std::string& lang,
                                     std::string& error);

}  // namespace loket::server::import
