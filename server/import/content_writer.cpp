// Imported FAQs as content YAML, one file per theme, written next to each other and renamed into
// place only when all are written: a failed import leaves the folder as it was.
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <map>
#include <set>

#include "intents/text_normalizer.h"
#include "server/import/import.h"

namespace loket::server::import {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxIdChars = 60;

// "Hoe vraag ik een paspoort aan?" -> "hoe-vraag-ik-een-paspoort-aan": letters and digits of the
// words, accents removed; empty when nothing of it is ASCII.
std::string slug(std::string_view text) {
  std::string out;
  for (const auto& token : intents::tokenize(text)) {
    std::string word;
    for (char c : token.folded)
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') word += c;
    if (word.empty()) continue;
    if (out.size() + 1 + word.size() > kMaxIdChars) break;
    out.append(out.empty() ? "" : "-").append(word);
  }
  return out;
}

// The first line of every file an import writes: how a later import of the same source knows
// the files it may replace. The whole path: two folders' faq.csv are two sources.
std::string header_of(const fs::path& source) {
  std::error_code ec;
  fs::path where = fs::weakly_canonical(fs::absolute(source), ec).lexically_normal();
  if (!where.has_filename()) where = where.parent_path();  // "project/" is "project"
  return "# Imported by 'loket import' from " + where.generic_string() +
         ": importing it again replaces this file.";
}

std::string first_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

void emit_intent(YAML::Emitter& out, const Faq& faq, const std::string& lang) {
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << faq.id;
  out << YAML::Key << "title" << YAML::Value << YAML::Flow << YAML::BeginMap;
  for (const auto& [l, questions] : faq.questions)
    out << YAML::Key << l << YAML::Value << questions.front();
  out << YAML::EndMap;
  out << YAML::Key << "examples" << YAML::Value << YAML::BeginMap;
  for (const auto& [l, questions] : faq.questions) {
    out << YAML::Key << l << YAML::Value << YAML::BeginSeq;
    for (const auto& q : questions) out << q;
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
  out << YAML::Key << "answer" << YAML::Value << YAML::BeginMap;
  // The default language first, as staff read it.
  auto emit_answer = [&](const std::string& l, const std::string& text) {
    out << YAML::Key << l << YAML::Value;
    if (text.find('\n') != std::string::npos) out << YAML::Literal;
    out << text;
  };
  emit_answer(lang, faq.answers.at(lang));
  for (const auto& [l, text] : faq.answers)
    if (l != lang) emit_answer(l, text);
  out << YAML::EndMap;
  if (!faq.link.empty() &&
      (faq.link.rfind("https://", 0) == 0 || faq.link.rfind("http://", 0) == 0)) {
    out << YAML::Key << "links" << YAML::Value << YAML::BeginSeq << YAML::Flow << YAML::BeginMap
        << YAML::Key << "url" << YAML::Value << faq.link << YAML::EndMap << YAML::EndSeq;
    out << YAML::Key << "source" << YAML::Value << faq.link;
  }
  out << YAML::EndMap;
}

}  // namespace

std::optional<Written> write_content(Imported imported, const fs::path& source, const fs::path& out,
                                     const std::string& lang, std::string& error) {
  // Nothing to write is a failed import (a wrong --lang, a renamed column), not a reason to
  // remove what an earlier import wrote.
  if (imported.faqs.empty()) {
    error = "nothing of " + source.filename().string() + " could be imported";
    return std::nullopt;
  }
  // Ids: the source's, else from the question; each once (a second "afval" is "afval-2").
  std::set<std::string> taken;
  for (auto& faq : imported.faqs) {
    std::string base = slug(faq.id);
    if (base.empty()) base = slug(faq.questions.at(lang).front());
    if (base.empty() || !std::isalnum(static_cast<unsigned char>(base.front())))
      base = "vraag" + (base.empty() ? "" : "-" + base);
    std::string id = base;
    for (int n = 2; taken.count(id); ++n) id = base + "-" + std::to_string(n);
    taken.insert(id);
    faq.id = id;
  }
  std::map<std::string, std::vector<const Faq*>> by_file;
  for (const auto& faq : imported.faqs) {
    std::string name = slug(faq.theme);
    by_file[(name.empty() ? "import" : name) + ".yaml"].push_back(&faq);
  }
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) {
    error = out.string() + ": cannot make the folder: " + ec.message();
    return std::nullopt;
  }
  const std::string header = header_of(source);
  Written written;
  std::vector<std::pair<fs::path, fs::path>> renames;  // temporary -> final
  auto discard = [&] {
    for (const auto& [temporary, final_path] : renames) fs::remove(temporary, ec);
  };
  for (const auto& [name, faqs] : by_file) {
    const fs::path target = out / name;
    if (fs::exists(target, ec) && first_line(target) != header) {
      discard();
      error = target.string() + ": exists and was not written by an import of " +
              source.filename().string() + "; import into another folder";
      return std::nullopt;
    }
    YAML::Emitter yaml;
    yaml << YAML::BeginMap << YAML::Key << "intents" << YAML::Value << YAML::BeginSeq;
    for (const Faq* faq : faqs) emit_intent(yaml, *faq, lang);
    yaml << YAML::EndSeq << YAML::EndMap;
    const fs::path temporary = out / ("." + name + ".importing");
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << header
         << "\n# Change the source and import again; to change one answer for good, override it "
            "(override: true) in content listed after this folder.\n"
         << yaml.c_str() << "\n";
    file.close();
    renames.emplace_back(temporary, target);
    if (!file || !yaml.good()) {
      discard();
      error = target.string() + ": cannot write" + (yaml.good() ? "" : ": " + yaml.GetLastError());
      return std::nullopt;
    }
  }
  // What an earlier import of the same source wrote and this one no longer fills.
  for (const auto& entry : fs::directory_iterator(out, ec)) {
    const auto name = entry.path().filename().string();
    if (entry.is_regular_file() && entry.path().extension() == ".yaml" && !by_file.count(name) &&
        first_line(entry.path()) == header)
      written.removed.push_back(entry.path());
  }
  for (std::size_t i = 0; i < renames.size(); ++i) {
    fs::rename(renames[i].first, renames[i].second, ec);
    if (ec) {
      // The files before it are in place already (a rename cannot be undone safely); none
      // after it is left half-done.
      error = renames[i].second.string() + ": cannot write: " + ec.message() + "; " +
              std::to_string(i) + " of " + std::to_string(renames.size()) +
              " files were replaced, import again";
      for (std::size_t j = i; j < renames.size(); ++j) fs::remove(renames[j].first, ec);
      return std::nullopt;
    }
    written.files.push_back(renames[i].second);
  }
  for (const auto& stale : written.removed) fs::remove(stale, ec);
  written.intents = imported.faqs.size();
  return written;
}

}  // namespace loket::server::import
