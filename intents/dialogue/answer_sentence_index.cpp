#include "intents/dialogue/answer_sentence_index.h"

#include <algorithm>
#include <map>
#include <set>

#include "intents/dialogue/answer_sentences.h"
#include "intents/stemmer.h"

namespace loket::dialogue {
namespace {

// Words that say nothing of what is asked about: pronouns, articles, prepositions, the verbs a
// question is built with ("kan ik", "muss ich"), question words and particles.
const std::map<std::string_view, std::set<std::string_view>>& small_words() {
  static const std::map<std::string_view, std::set<std::string_view>> kWords = {
      {"nl", {"aan",    "al",     "alle",     "alles",  "als",   "alstublieft", "ben",     "bent",
              "bij",    "daar",   "daarvoor", "dan",    "dat",   "deze",        "die",     "dit",
              "doe",    "doen",   "door",     "een",    "eens",  "en",          "er",      "even",
              "ga",     "gaan",   "gaat",     "geen",   "graag", "had",         "hebben",  "heb",
              "heeft",  "hem",    "het",      "hier",   "hij",   "hoe",         "hoeveel", "hun",
              "iemand", "iets",   "ik",       "in",     "is",    "je",          "jij",     "jullie",
              "kan",    "kun",    "kunnen",   "kunt",   "laat",  "laten",       "maar",    "mag",
              "me",     "met",    "mij",      "mijn",   "moet",  "moeten",      "mogen",   "na",
              "naar",   "niet",   "nog",      "nu",     "of",    "om",          "ons",     "onze",
              "ook",    "op",     "over",     "te",     "toch",  "tot",         "u",       "uit",
              "uw",     "van",    "veel",     "voor",   "waar",  "waarom",      "wanneer", "wat",
              "we",     "wel",    "welk",     "welke",  "wie",   "wil",         "willen",  "wij",
              "word",   "wordt",  "worden",   "ze",     "zelf",  "zij",         "zijn",    "zo",
              "zou",    "zouden", "zal",      "zullen", "zo'n",  "zon",         "elk",     "elke",
              "ieder",  "iedere"}},
      {"en",
       {"a",    "about", "all",    "also",  "am",     "an",    "and",  "any",  "are",   "as",
        "at",   "be",    "by",     "can",   "could",  "do",    "does", "for",  "from",  "get",
        "have", "has",   "he",     "her",   "him",    "his",   "how",  "i",    "if",    "in",
        "is",   "it",    "its",    "me",    "much",   "many",  "my",   "need", "of",    "on",
        "or",   "our",   "please", "she",   "should", "so",    "some", "that", "the",   "their",
        "them", "then",  "there",  "they",  "this",   "to",    "too",  "us",   "was",   "we",
        "what", "when",  "where",  "which", "who",    "why",   "will", "with", "would", "you",
        "your", "still", "just",   "let",   "one",    "every", "each"}},
      {"de",
       {"aber",  "alle",   "alles", "als",    "am",     "an",      "auch",   "auf",    "aus",
        "bei",   "bin",    "bis",   "bitte",  "da",     "das",     "dass",   "dein",   "dem",
        "den",   "der",    "des",   "die",    "dies",   "diese",   "doch",   "du",     "durch",
        "ein",   "eine",   "einem", "einen",  "einer",  "er",      "es",     "etwas",  "fur",
        "gibt",  "habe",   "haben", "hat",    "ich",    "ihr",     "ihre",   "im",     "in",
        "ist",   "jemand", "kann",  "kein",   "keine",  "konnen",  "lassen", "man",    "mein",
        "meine", "meinen", "mich",  "mir",    "mit",    "muss",    "mussen", "nach",   "nicht",
        "noch",  "nur",    "oder",  "sein",   "selbst", "sich",    "sie",    "sind",   "so",
        "uber",  "um",     "und",   "uns",    "unser",  "von",     "vor",    "wann",   "warum",
        "was",   "welche", "wer",   "werden", "wie",    "wieviel", "will",   "wir",    "wird",
        "wo",    "woher",  "wohin", "zu",     "zum",    "zur",     "darf",   "durfen", "soll",
        "jede",  "jeden",  "jedes", "jeder"}},
      {"da", {"af",    "alle",    "at",      "de",      "den",     "der",    "det",   "du",
              "en",    "er",      "et",      "for",     "fra",     "har",    "hvad",  "hvem",
              "hvor",  "hvordan", "hvorfor", "i",       "ikke",    "jeg",    "kan",   "man",
              "med",   "mig",     "min",     "mine",    "mit",     "na",     "og",    "ogsa",
              "om",    "pa",      "skal",    "som",     "til",     "vi",     "vil",   "vores",
              "blive", "bliver",  "have",    "hvornar", "hvilken", "hvilke", "nogen", "noget",
              "sig",   "sin",     "sit",     "sine",    "ud",      "ved",    "hver",  "hvert"}}};
  return kWords;
}

// Words any question may have, besides the small ones: verbs, words of time and the fillers of
// speech ("Moment, wie viel kostet eigentlich ..."). They make no sentence the one asked about
// ("how much do I make in a year" is not about a fee).
const std::map<std::string_view, std::set<std::string_view>>& general_words() {
  static const std::map<std::string_view, std::set<std::string_view>> kWords = {
      {"nl",
       {"krijg",  "krijgen",  "krijgt", "maak",     "maakt",    "maken", "geef",   "geeft",
        "geven",  "weet",     "weten",  "zeg",      "zeggen",   "vraag", "vraagt", "vragen",
        "zien",   "kom",      "komt",   "komen",    "goed",     "dag",   "dagen",  "jaar",
        "jaren",  "week",     "weken",  "maand",    "tijd",     "keer",  "zonder", "nieuw",
        "nieuwe", "stuur",    "stuurt", "sturen",   "opsturen", "zet",   "zetten", "eigenlijk",
        "even",   "eventjes", "moment", "momentje", "trouwens", "nou",   "toch"}},
      {"en",
       {"make",   "makes", "made",    "take",      "takes", "took",    "give", "gives",    "know",
        "tell",   "want",  "like",    "good",      "day",   "days",    "time", "times",    "year",
        "years",  "week",  "weeks",   "month",     "not",   "without", "new",  "been",     "got",
        "see",    "say",   "go",      "send",      "sends", "put",     "set",  "actually", "anyway",
        "moment", "quick", "quickly", "wondering", "btw"}},
      {"de", {"bekomme",   "bekommen", "bekommt",  "mache",  "machen",     "macht",  "gebe",
              "geben",     "weiss",    "wissen",   "sagen",  "sehen",      "komme",  "kommen",
              "kommt",     "gut",      "tag",      "tage",   "jahr",       "jahre",  "woche",
              "wochen",    "monat",    "zeit",     "mal",    "ohne",       "neu",    "neue",
              "neuen",     "schicke",  "schicken", "senden", "eigentlich", "moment", "denn",
              "uberhaupt", "eben",     "kurz",     "kurze",  "ubrigens"}},
      {"da",
       {"fa",     "far", "gore", "gor",   "give",   "giver",    "ved",  "vide",  "sige",  "se",
        "kommer", "god", "godt", "dag",   "dage",   "ar",       "uge",  "uger",  "maned", "tid",
        "uden",   "ny",  "nye",  "sende", "sender", "egentlig", "lige", "ovrigt"}}};
  return kWords;
}

constexpr std::size_t kMinWordLength = 3;
// A stem that begins a word of the answer names it from this length on ("kind", "kinderen").
constexpr std::size_t kMinPrefixStem = 4;
// A word in more than this share of the answers (and more than kMinCommon) is common: it alone
// does not make a sentence the one asked about ("aanvragen", "online").
constexpr std::size_t kCommonShare = 10;
// One word the answer does not have may be passed over, when other answers have it and the
// answer has two others: a word no answer has ("iDEAL", "koelkast") is one the content knows
// nothing of.
constexpr std::size_t kMaxMissing = 1;
constexpr std::size_t kFoundBesideMissing = 2;
constexpr std::size_t kMinKnown = 2;
constexpr std::size_t kMinCommon = 3;

// Whether the answer's `word` is the question's `asked` (their stems), or begins with it: "kind"
// names "kinderen", but "timer" does not name "time".
bool names(std::string_view asked, std::string_view word) {
  return asked == word || (asked.size() >= kMinPrefixStem && word.starts_with(asked));
}

bool sentence_names(const std::vector<std::string>& stems, std::string_view asked) {
  return std::any_of(stems.begin(), stems.end(),
                     [&](const std::string& stem) { return names(asked, stem); });
}

std::vector<std::string> stems_of(std::string_view text, std::string_view lang) {
  std::vector<std::string> out;
  for (const auto& token : intents::tokenize(text))
    if (token.folded.size() >= kMinWordLength) out.push_back(intents::stem(lang, token.folded));
  return out;
}

}  // namespace

bool says_nothing_of_the_subject(std::string_view lang, std::string_view folded) {
  const auto small = small_words().find(lang);
  const auto general = general_words().find(lang);
  return (small != small_words().end() && small->second.contains(folded)) ||
         (general != general_words().end() && general->second.contains(folded));
}

AnswerSentenceIndex::AnswerSentenceIndex(const std::vector<config::Intent>& intents) {
  std::map<std::string_view, std::size_t> per_language;
  for (const auto& intent : intents)
    for (const auto& [lang, answer] : intent.answer) {
      if (!small_words().contains(lang) || answer.empty()) continue;
      auto& out = answers_.emplace_back(Answer{&intent, lang, {}});
      for (const auto sentence : sentences_of(answer))
        out.sentences.push_back({sentence, stems_of(sentence, lang)});
      answers_per_language_ = std::max(answers_per_language_, ++per_language[lang]);
    }
  for (std::size_t a = 0; a < answers_.size(); ++a) {
    auto& stems = stems_by_language_[answers_[a].lang];
    for (const auto& sentence : answers_[a].sentences)
      for (const auto& stem : sentence.stems) stems.emplace_back(stem, a);
  }
  for (auto& [lang, stems] : stems_by_language_) {
    std::sort(stems.begin(), stems.end());
    stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
  }
}

const AnswerSentenceIndex::Answer* AnswerSentenceIndex::find(const config::Intent& intent,
                                                             std::string_view lang) const {
  const auto found = std::find_if(answers_.begin(), answers_.end(), [&](const Answer& a) {
    return a.intent == &intent && a.lang == lang;
  });
  return found == answers_.end() ? nullptr : &*found;
}

std::size_t AnswerSentenceIndex::answers_naming(std::string_view lang,
                                                std::string_view stem) const {
  const auto found = stems_by_language_.find(lang);
  if (found == stems_by_language_.end()) return 0;
  const auto& stems = found->second;
  // The stem itself, and from kMinPrefixStem letters the stems it begins: one sorted range.
  std::vector<std::size_t> answers;
  for (auto it =
           std::lower_bound(stems.begin(), stems.end(), stem,
                            [](const auto&entry, std::string_view s) { return entry.first < s; });
       it != stems.end() && names(stem, it->first); ++it)
    answers.push_back(it->second);
  std::sort(answers.begin(), answers.end());
  return static_cast<std::size_t>(std::unique(answers.begin(), answers.end()) - answers.begin());
}

std::size_t AnswerSentenceIndex::common_count() const {
  return std::max(kMinCommon, answers_per_language_ / kCommonShare);
}

std::vector<AnswerSentenceIndex::QuestionWord> AnswerSentenceIndex::question_words(
    const Answer& answer, const config::Intent& intent, const std::vector<intents::Token>& tokens,
    const std::function<bool(std::string_view)>& skipped, bool general_words_count) const {
  const auto& small = small_words().at(answer.lang);
  const auto& general = general_words().at(answer.lang);
  std::vector<std::string> title;
  for (const auto& [title_lang, text] : intent.title)
    for (auto& stem : stems_of(text, answer.lang)) title.push_back(std::move(stem));
  std::vector<QuestionWord> out;
  for (const auto& token : tokens) {
    const bool is_general = general.contains(token.folded);
    if (token.folded.size() < kMinWordLength || small.contains(token.folded) ||
        (is_general && !general_words_count) || (skipped && skipped(token.folded)) ||
        std::all_of(token.folded.begin(), token.folded.end(),
                    [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    auto word = intents::stem(answer.lang, token.folded);
    if (!sentence_names(title, word)) out.push_back({std::move(word), is_general});
  }
  return out;
}

std::optional<AnswerSentenceIndex::Reading> AnswerSentenceIndex::read(
    const Answer& answer, const config::Intent& intent, const std::vector<intents::Token>& tokens,
    const std::function<bool(std::string_view)>& skipped, bool general_words_count) const {
  const std::size_t common = common_count();
  Reading reading{std::vector<std::size_t>(answer.sentences.size()),
                  std::vector<std::size_t>(answer.sentences.size()), 0, 0};
  for (const auto& [word, is_general] :
       question_words(answer, intent, tokens, skipped, general_words_count)) {
    std::vector<bool> here(answer.sentences.size());
    for (std::size_t i = 0; i < answer.sentences.size(); ++i)
      here[i] = sentence_names(answer.sentences[i].stems, word);
    const bool found = std::find(here.begin(), here.end(), true) != here.end();
    const std::size_t elsewhere = answers_naming(answer.lang, word);
    if (!found && (elsewhere < kMinKnown || ++reading.missing > kMaxMissing)) return std::nullopt;
    reading.found += found ? 1 : 0;
    if (found && !is_general)
      for (std::size_t i = 0; i < here.size(); ++i) {
        reading.telling[i] += here[i] && elsewhere <= common ? 1 : 0;
        reading.named[i] += here[i] ? 1 : 0;
      }
  }
  // A word passed over needs two the answer has beside it: "clear my to do list" is not about a
  // waiting list.
  if (reading.missing > 0 && reading.found < kFoundBesideMissing) return std::nullopt;
  return reading;
}

bool AnswerSentenceIndex::names_another_matter(
    const config::Intent& intent, std::string_view lang, const std::vector<intents::Token>& tokens,
    const std::function<bool(std::string_view)>& skipped) const {
  const Answer* answer = find(intent, lang);
  if (answer == nullptr) return false;
  const std::size_t common = common_count();
  for (const auto& [word, is_general] : question_words(*answer, intent, tokens, skipped, false)) {
    if (std::any_of(answer->sentences.begin(), answer->sentences.end(),
                    [&](const auto& s) { return sentence_names(s.stems, word); }))
      continue;
    const std::size_t elsewhere = answers_naming(answer->lang, word);
    if (elsewhere >= kMinKnown && elsewhere <= common) return true;
  }
  return false;
}

bool AnswerSentenceIndex::names_what_no_answer_has(
    const config::Intent& intent, std::string_view lang, const std::vector<intents::Token>& tokens,
    const std::function<bool(std::string_view)>& known) const {
  const Answer* answer = find(intent, lang);
  if (answer == nullptr) return false;
  const auto words = question_words(*answer, intent, tokens, known, false);
  return std::any_of(words.begin(), words.end(), [&](const QuestionWord& w) {
    return answers_naming(answer->lang, w.stem) == 0;
  });
}

bool AnswerSentenceIndex::part_speaks_of_the_rest(
    const config::Intent& intent, std::string_view lang, const std::vector<intents::Token>& tokens,
    const std::function<bool(std::string_view)>& skipped, std::string_view part) const {
  const Answer* answer = find(intent, lang);
  if (answer == nullptr) return false;
  const auto reading = read(*answer, intent, tokens, skipped, true);
  if (!reading) return false;
  if (reading->found == 0 && reading->missing == 0) return true;
  if (reading->missing > 0) return false;
  for (std::size_t i = 0; i < answer->sentences.size(); ++i)
    if (reading->telling[i] > 0 && part.find(answer->sentences[i].text) != std::string_view::npos)
      return true;
  return false;
}

std::optional<std::string> AnswerSentenceIndex::sentences_naming(
    const config::Intent& intent, std::string_view lang,
    const std::vector<intents::Token>& tokens) const {
  const Answer* answer = find(intent, lang);
  if (answer == nullptr) return std::nullopt;
  const auto reading = read(*answer, intent, tokens, nullptr, false);
  if (!reading) return std::nullopt;
  // The sentences naming the most telling words; of those, the ones naming the most of all:
  // "can I do it before I move?" is the sentence with both.
  const auto& telling = reading->telling;
  const std::size_t most = *std::max_element(telling.begin(), telling.end());
  if (most == 0) return std::nullopt;  // no word of it, or only common ones
  std::size_t most_named = 0;
  for (std::size_t i = 0; i < telling.size(); ++i)
    if (telling[i] == most) most_named = std::max(most_named, reading->named[i]);
  std::vector<std::string_view> texts;
  std::vector<bool> chosen;
  for (std::size_t i = 0; i < answer->sentences.size(); ++i) {
    texts.push_back(answer->sentences[i].text);
    chosen.push_back(telling[i] == most && reading->named[i] == most_named);
  }
  return chosen_sentences(texts, std::move(chosen), lang);
}

}  // namespace loket::dialogue
