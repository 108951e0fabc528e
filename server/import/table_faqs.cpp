// A spreadsheet's rows as FAQs: the header names the columns (in English or Dutch, any order,
// any case); rows sharing an id are one FAQ in several languages.
#include <algorithm>
#include <map>

#include "server/import/sources.h"

namespace loket::server::import {

namespace {

enum class Column { question, answer, extra, link, theme, language, id };

std::optional<Column> column_named(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::replace(name.begin(), name.end(), '_', ' ');
  name.erase(0, name.find_first_not_of(" \t"));
  name.erase(name.find_last_not_of(" \t") + 1);
  static const std::map<std::string, Column> kNames = {{"question", Column::question},
                                                       {"vraag", Column::question},
                                                       {"frage", Column::question},
                                                       {"answer", Column::answer},
                                                       {"antwoord", Column::answer},
                                                       {"antwort", Column::answer},
                                                       {"extra questions", Column::extra},
                                                       {"other questions", Column::extra},
                                                       {"alternative questions", Column::extra},
                                                       {"extra vragen", Column::extra},
                                                       {"andere vragen", Column::extra},
                                                       {"alternatieve vragen", Column::extra},
                                                       {"examples", Column::extra},
                                                       {"voorbeelden", Column::extra},
                                                       {"link", Column::link},
                                                       {"url", Column::link},
                                                       {"theme", Column::theme},
                                                       {"thema", Column::theme},
                                                       {"topic", Column::theme},
                                                       {"onderwerp", Column::theme},
                                                       {"category", Column::theme},
                                                       {"categorie", Column::theme},
                                                       {"language", Column::language},
                                                       {"lang", Column::language},
                                                       {"taal", Column::language},
                                                       {"sprache", Column::language},
                                                       {"id", Column::id}};
  if (auto it = kNames.find(name); it != kNames.end()) return it->second;
  return std::nullopt;
}

std::string trimmed(const std::string& text) {
  const auto b = text.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return text.substr(b, text.find_last_not_of(" \t\r\n") - b + 1);
}

// "Kan ik ...?\nMag ik ...?" or "a | b": one question a line or between bars.
std::vector<std::string> split_questions(const std::string& cell) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= cell.size()) {
    const auto end = std::min(cell.find_first_of("\n|", at), cell.size());
    if (auto q = trimmed(cell.substr(at, end - at)); !q.empty()) out.push_back(std::move(q));
    at = end + 1;
  }
  return out;
}

}  // namespace

ReadResult faqs_from_table(const Table& table, const std::string& file, const std::string& lang) {
  std::map<Column, std::size_t> at;
  std::string found;
  for (std::size_t i = 0; i < table.rows.front().size(); ++i) {
    const std::string& name = table.rows.front()[i];
    if (auto c = column_named(name); c && !at.count(*c)) at[*c] = i;
    if (!trimmed(name).empty()) found += (found.empty() ? "" : ", ") + trimmed(name);
  }
  for (auto [column, name] : {std::pair{Column::question, "question (or vraag)"},
                              std::pair{Column::answer, "answer (or antwoord)"}})
    if (!at.count(column))
      return {std::nullopt,
              file + ":row " + std::to_string(table.row_numbers.front()) + ": no column " + name +
                  " in the first row (found: " + (found.empty() ? "nothing" : found) + ")"};
  Imported out;
  std::map<std::string, std::size_t> by_id;        // an id column's value -> its FAQ
  std::map<std::string, std::string> asked_where;  // language + question -> the row it is on
  for (std::size_t r = 1; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const std::string where = file + ":row " + std::to_string(table.row_numbers[r]);
    auto cell = [&](Column c) {
      auto it = at.find(c);
      return it == at.end() || it->second >= row.size() ? std::string() : trimmed(row[it->second]);
    };
    const std::string answer = cell(Column::answer);
    if (std::all_of(row.begin(), row.end(), [](const auto& c) { return trimmed(c).empty(); }))
      continue;
    // "|" alone is no question either.
    const auto asked = split_questions(cell(Column::question));
    const std::string question = asked.empty() ? std::string() : asked.front();
    if (question.empty() || answer.empty()) {
      out.skipped.push_back({where, question.empty() ? "no question" : "no answer"});
      continue;
    }
    std::string row_lang = lang;
    if (const std::string given = cell(Column::language); !given.empty()) {
      row_lang = language_code(given);
      if (row_lang.empty()) {
        out.skipped.push_back({where, "'" + given + "' is not a language (nl, en, de, ...)"});
        continue;
      }
    }
    const std::string id = cell(Column::id);
    // The same question twice cannot have two answers: residents would get either.
    const std::string key = row_lang + "\n" + question;
    if (auto [first, fresh] = asked_where.try_emplace(key, where); !fresh) {
      out.skipped.push_back({where, "the same question as " + first->second});
      continue;
    }
    Faq* faq = nullptr;
    if (auto known = id.empty() ? by_id.end() : by_id.find(id); known != by_id.end()) {
      faq = &out.faqs[known->second];
      if (faq->answers.count(row_lang) && faq->answers[row_lang] != answer) {
        out.skipped.push_back({where, "a second answer in '" + row_lang + "' for id '" + id +
                                          "' (the first is at " + faq->origin + ")"});
        continue;
      }
    } else {
      if (!id.empty()) by_id[id] = out.faqs.size();
      out.faqs.push_back(Faq{id, cell(Column::theme), {}, {}, cell(Column::link), where});
      faq = &out.faqs.back();
    }
    auto& questions = faq->questions[row_lang];
    for (auto& q : split_questions(cell(Column::question) + "\n" + cell(Column::extra)))
      if (std::find(questions.begin(), questions.end(), q) == questions.end())
        questions.push_back(std::move(q));
    faq->answers[row_lang] = answer;
    if (faq->link.empty()) faq->link = cell(Column::link);
  }
  // loket answers in the default language when it has none in the resident's: an FAQ without it
  // cannot stand alone.
  std::erase_if(out.faqs, [&](const Faq& faq) {
    if (faq.answers.count(lang)) return false;
    out.skipped.push_back({faq.origin, "only in '" + faq.answers.begin()->first +
                                           "', and every answer needs '" + lang +
                                           "' (--lang); an id column joins rows of one question "
                                           "in several languages"});
    return true;
  });
  return {std::move(out), {}};
}

}  // namespace loket::server::import
