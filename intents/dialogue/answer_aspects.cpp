#include "intents/dialogue/answer_aspects.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>

namespace loket::dialogue {
namespace {

// A phrase is folded words; "*" stands for up to kMaxSkipped words ("was muss ich * mitbringen").
using Phrase = std::vector<std::string_view>;
constexpr std::size_t kMaxSkipped = 4;

struct AspectWords {
  std::vector<Phrase> asking;     // ask about the aspect in any message
  std::vector<Phrase> following;  // ask about it only after a question ("kosten?")
  std::set<std::string_view> in_answer;
};

struct LanguageAspects {
  std::array<AspectWords, kAspects> aspects;
  // "als", "if": a question with a condition asks more than a part of the answer.
  std::set<std::string_view> conditions;
  // A sentence about how long something is valid says for how long ("10 jaar geldig"), unlike
  // "een geldig identiteitsbewijs".
  std::set<std::string_view> spans;
  // A sentence opening with one of these points back at the one before ("Dat kost € 5.").
  std::set<std::string_view> pointing_back;
};

AspectWords& of(LanguageAspects& words, Aspect aspect) {
  return words.aspects[static_cast<std::size_t>(aspect)];
}

LanguageAspects dutch() {
  LanguageAspects w;
  of(w, Aspect::cost) = {{{"wat", "kost"},
                          {"hoeveel", "kost"},
                          {"wat", "kosten"},
                          {"hoeveel", "kosten"},
                          {"wat", "zijn", "de", "kosten"},
                          {"hoe", "duur"},
                          {"is", "het", "gratis"},
                          {"is", "dat", "gratis"},
                          {"kost", "het"},
                          {"kost", "dat"},
                          {"moet", "ik", "betalen"},
                          {"moet", "ik", "*", "betalen"},
                          {"wat", "betaal", "ik"},
                          {"hoeveel", "betaal", "ik"},
                          {"hoe", "hoog", "is"},
                          {"hoe", "hoog", "zijn"},
                          {"hoeveel", "is"},
                          {"hoeveel", "krijg", "ik"},
                          {"prijs"},
                          {"tarief"},
                          {"tarieven"},
                          {"leges"}},
                         {{"kosten"}, {"kost"}, {"gratis"}},
                         {"kost", "kosten", "gratis", "tarief", "tarieven", "leges", "betaalt",
                          "betalen", "prijs", "euro"}};
  of(w, Aspect::duration) = {
      {{"hoe", "lang", "duurt"},
       {"hoelang", "duurt"},
       {"hoe", "lang", "moet", "ik", "wachten"},
       {"hoe", "snel"},
       {"wanneer", "is", "*", "klaar"},
       {"wanneer", "klaar"},
       {"duurt", "het", "lang"}},
      {{"hoe", "lang"}, {"hoelang"}, {"duurt"}, {"wachttijd"}, {"doorlooptijd"}, {"klaar"}},
      {"klaar", "duurt", "duren", "werkdagen", "werkdag", "wachttijd", "doorlooptijd",
       "beslistermijn", "levertijd", "weken", "dagen"}};
  of(w, Aspect::deadline) = {
      {{"hoe", "lang", "van", "tevoren"},
       {"hoe", "ver", "van", "tevoren"},
       {"hoeveel", "tijd", "heb", "ik"},
       {"hoe", "lang", "heb", "ik"},
       {"tot", "wanneer"},
       {"voor", "wanneer", "moet"},
       {"wat", "is", "de", "termijn"},
       {"uiterlijk", "wanneer"},
       {"uiterlijk"},
       {"binnen", "hoeveel"},
       {"hoeveel", "dagen", "heb", "ik"}},
      {{"van", "tevoren"}, {"uiterlijk"}, {"termijn"}, {"deadline"}},
      {"uiterlijk", "tevoren",  "vooraf",    "binnen",  "termijn",  "deadline", "laatst",
       "hooguit",   "januari",  "februari",  "maart",   "april",    "mei",      "juni",
       "juli",      "augustus", "september", "oktober", "november", "december"}};
  of(w, Aspect::validity) = {
      {{"hoe", "lang", "*", "geldig"}, {"hoelang", "*", "geldig"}, {"wanneer", "verloopt"}},
      {{"geldig"}, {"geldigheid"}, {"verloopt"}},
      {"geldig", "geldigheid", "verloopt", "verlopen", "geldt"}};
  of(w, Aspect::documents) = {
      {{"wat", "moet", "ik", "meenemen"},
       {"wat", "moet", "ik", "*", "meenemen"},
       {"wat", "moet", "ik", "meebrengen"},
       {"wat", "neem", "ik", "mee"},
       {"welke", "papieren"},
       {"welke", "documenten"},
       {"welke", "stukken"}},
      {{"meenemen"}, {"meebrengen"}, {"documenten"}, {"papieren"}, {"wat", "heb", "ik", "nodig"}},
      {"mee", "meenemen", "meebrengen", "nodig"}};
  w.conditions = {"als", "indien"};
  w.spans = {"jaar", "jaren", "maand", "maanden", "week", "weken", "dagen", "onbepaalde"};
  w.pointing_back = {"dat",     "dit",  "die", "dan", "daarna", "daarvoor", "daarbij",
                     "daarmee", "deze", "hij", "ze",  "zij",    "ook"};
  return w;
}

LanguageAspects english() {
  LanguageAspects w;
  of(w, Aspect::cost) = {
      {{"how", "much"},
       {"what", "does", "it", "cost"},
       {"what", "does", "*", "cost"},
       {"what", "is", "the", "cost"},
       {"what", "is", "the", "fee"},
       {"what", "are", "the", "costs"},
       {"is", "it", "free"},
       {"do", "i", "have", "to", "pay"},
       {"do", "i", "need", "to", "pay"},
       {"does", "it", "cost"},
       {"price"},
       {"fee"},
       {"fees"},
       {"how", "high", "is"}},
      {{"cost"}, {"costs"}, {"free"}},
      {"cost", "costs", "free", "fee", "fees", "charge", "pay", "price", "euro", "euros"}};
  of(w, Aspect::duration) = {{{"how", "long", "does"},
                              {"how", "long", "will"},
                              {"how", "long", "do", "i"},
                              {"when", "will", "it", "be", "ready"},
                              {"when", "is", "it", "ready"},
                              {"how", "soon"},
                              {"how", "quickly"}},
                             {{"how", "long"}, {"ready"}, {"waiting", "time"}},
                             {"ready", "takes", "days", "weeks", "wait", "waiting"}};
  of(w, Aspect::deadline) = {{{"how", "far", "in", "advance"},
                              {"how", "long", "in", "advance"},
                              {"how", "long", "do", "i", "have"},
                              {"how", "much", "time", "do", "i", "have"},
                              {"until", "when"},
                              {"by", "when"},
                              {"what", "is", "the", "deadline"}},
                             {{"in", "advance"}, {"deadline"}, {"at", "the", "latest"}},
                             {"advance", "before", "within", "deadline", "latest", "beforehand",
                              "january", "february", "march", "april", "may", "june", "july",
                              "august", "september", "october", "november", "december"}};
  of(w, Aspect::validity) = {{{"how", "long", "*", "valid"}, {"when", "does", "*", "expire"}},
                             {{"valid"}, {"validity"}, {"expire"}, {"expires"}},
                             {"valid", "validity", "expire", "expires"}};
  of(w, Aspect::documents) = {{{"what", "do", "i", "*", "bring"},
                               {"what", "should", "i", "bring"},
                               {"what", "documents"},
                               {"which", "documents"},
                               {"do", "i", "need", "to", "bring"}},
                              {{"bring"}, {"documents"}, {"papers"}, {"what", "do", "i", "need"}},
                              {"bring", "need", "documents"}};
  w.conditions = {"if"};
  w.spans = {"year", "years", "month", "months", "weeks", "days", "indefinitely", "unlimited"};
  w.pointing_back = {"this", "that", "it", "then", "these", "they", "afterwards", "also"};
  return w;
}

LanguageAspects german() {
  LanguageAspects w;
  of(w, Aspect::cost) = {{{"was", "kostet"},
                          {"wie", "viel", "kostet"},
                          {"wieviel", "kostet"},
                          {"was", "kosten"},
                          {"wie", "teuer"},
                          {"ist", "es", "kostenlos"},
                          {"ist", "das", "kostenlos"},
                          {"kostet", "es"},
                          {"kostet", "das"},
                          {"muss", "ich", "bezahlen"},
                          {"muss", "ich", "*", "bezahlen"},
                          {"muss", "ich", "zahlen"},
                          {"muss", "ich", "*", "zahlen"},
                          {"wie", "hoch", "ist"},
                          {"wie", "hoch", "sind"},
                          {"wie", "viel", "bekomme", "ich"},
                          {"wieviel", "bekomme", "ich"},
                          {"preis"},
                          {"gebuhr"},
                          {"gebuhren"}},
                         {{"kosten"}, {"kostet"}, {"kostenlos"}, {"wie", "viel"}},
                         {"kostet", "kosten", "kostenlos", "gebuhr", "gebuhren", "zahlen",
                          "bezahlen", "zahlt", "preis", "euro", "gratis"}};
  of(w, Aspect::duration) = {
      {{"wie", "lange", "dauert"},
       {"wie", "lange", "muss", "ich", "warten"},
       {"wann", "ist", "*", "fertig"},
       {"wie", "schnell"},
       {"dauert", "es", "lange"}},
      {{"wie", "lange"}, {"dauert"}, {"wartezeit"}, {"bearbeitungszeit"}, {"fertig"}},
      {"fertig", "dauert", "dauern", "werktagen", "werktage", "tagen", "tage", "wochen",
       "wartezeit", "bearbeitungszeit"}};
  of(w, Aspect::deadline) = {
      {{"wie", "lange", "vorher"},
       {"wie", "lange", "im", "voraus"},
       {"wie", "weit", "im", "voraus"},
       {"wie", "viel", "zeit", "habe", "ich"},
       {"wie", "lange", "habe", "ich"},
       {"bis", "wann"},
       {"welche", "frist"}},
      {{"vorher"}, {"im", "voraus"}, {"frist"}, {"spatestens"}},
      {"vorher", "voraus", "spatestens", "innerhalb", "frist", "vorab", "januar", "februar", "marz",
       "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"}};
  of(w, Aspect::validity) = {{{"wie", "lange", "*", "gultig"}, {"wann", "lauft", "*", "ab"}},
                             {{"gultig"}, {"gultigkeit"}},
                             {"gultig", "gultigkeit", "gilt"}};
  of(w, Aspect::documents) = {
      {{"was", "muss", "ich", "mitbringen"},
       {"was", "muss", "ich", "*", "mitbringen"},
       {"was", "soll", "ich", "mitbringen"},
       {"was", "soll", "ich", "*", "mitbringen"},
       {"was", "muss", "ich", "mitnehmen"},
       {"was", "muss", "ich", "*", "mitnehmen"},
       {"welche", "unterlagen"},
       {"welche", "dokumente"}},
      {{"mitbringen"}, {"mitnehmen"}, {"unterlagen"}, {"dokumente"}, {"was", "brauche", "ich"}},
      // "Bringen Sie ... mit": the verb, not "mit", which is also "with" ("mit Termin").
      {"bringen", "mitbringen", "mitnehmen", "brauchen", "unterlagen"}};
  w.conditions = {"wenn", "falls"};
  w.spans = {"jahr",   "jahre", "jahren", "monat",       "monate",    "monaten",
             "wochen", "tage",  "tagen",  "unbefristet", "unbegrenzt"};
  w.pointing_back = {"das",   "dies",  "diese", "dieser", "dieses", "dann", "danach",
                     "dafur", "dabei", "damit", "er",     "es",     "auch"};
  return w;
}

LanguageAspects danish() {
  LanguageAspects w;
  of(w, Aspect::cost) = {{{"hvad", "koster"},
                          {"hvor", "meget", "koster"},
                          {"koster", "det"},
                          {"er", "det", "gratis"},
                          {"skal", "jeg", "betale"}},
                         {{"pris"}, {"koster"}, {"gebyr"}, {"gratis"}},
                         {"koster", "gratis", "gebyr", "betale", "betaler", "pris", "euro", "kr"}};
  of(w, Aspect::duration) = {
      {{"hvor", "lang", "tid"}, {"hvor", "hurtigt"}, {"hvornar", "er", "*", "klar"}},
      {{"ventetid"}, {"sagsbehandlingstid"}, {"klar"}},
      {"klar", "tager", "varer", "hverdage", "dage", "uger", "ventetid"}};
  of(w, Aspect::deadline) = {
      {{"hvor", "lang", "tid", "i", "forvejen"}, {"hvornar", "senest"}, {"hvilken", "frist"}},
      {{"i", "forvejen"}, {"frist"}, {"senest"}},
      {"senest", "forvejen", "inden", "frist"}};
  of(w, Aspect::validity) = {{{"hvor", "lang", "*", "gyldig"}, {"hvornar", "udlober"}},
                             {{"gyldig"}, {"gyldighed"}},
                             {"gyldig", "gyldighed", "udlober"}};
  of(w, Aspect::documents) = {{{"hvad", "skal", "jeg", "medbringe"},
                               {"hvad", "skal", "jeg", "have", "med"},
                               {"hvilke", "dokumenter"}},
                              {{"medbringe"}, {"dokumenter"}, {"hvad", "skal", "jeg", "bruge"}},
                              {"medbringe", "medbring", "brug", "dokumenter"}};
  w.conditions = {"hvis"};
  w.spans = {"ar", "maneder", "uger", "dage", "tidsubegraenset"};
  w.pointing_back = {"det", "dette", "derefter", "den", "sa", "ogsa"};
  return w;
}

const std::map<std::string_view, LanguageAspects>& aspect_words() {
  static const std::map<std::string_view, LanguageAspects> kWords = {
      {"nl", dutch()}, {"en", english()}, {"de", german()}, {"da", danish()}};
  return kWords;
}

bool matches_at(const std::vector<intents::Token>& tokens, std::size_t at, const Phrase& phrase,
                std::size_t p) {
  if (p == phrase.size()) return true;
  if (phrase[p] == "*") {
    for (std::size_t skip = 0; skip <= kMaxSkipped && at + skip <= tokens.size(); ++skip)
      if (matches_at(tokens, at + skip, phrase, p + 1)) return true;
    return false;
  }
  return at < tokens.size() && tokens[at].folded == phrase[p] &&
         matches_at(tokens, at + 1, phrase, p + 1);
}

bool contains(const std::vector<intents::Token>& tokens, const Phrase& phrase) {
  for (std::size_t at = 0; at < tokens.size(); ++at)
    if (matches_at(tokens, at, phrase, 0)) return true;
  return false;
}

bool names_the_topic(const Phrase& phrase, const std::vector<std::string>& title_words) {
  return std::any_of(phrase.begin(), phrase.end(), [&](std::string_view word) {
    return std::find(title_words.begin(), title_words.end(), word) != title_words.end();
  });
}

bool starts_upper(std::string_view s) {
  if (s.empty()) return false;
  const auto c = static_cast<unsigned char>(s[0]);
  if (c >= 'A' && c <= 'Z') return true;
  // À..Þ in UTF-8 ("Über", "Één"): 0xC3 followed by 0x80..0x9E.
  return c == 0xC3 && s.size() > 1 && static_cast<unsigned char>(s[1]) >= 0x80 &&
         static_cast<unsigned char>(s[1]) <= 0x9E;
}

bool is_list_item(std::string_view line) {
  return line.starts_with("- ") || line.starts_with("* ") || line.starts_with("\xE2\x80\xA2");
}

// Whether a sentence ends at `text[i]` ("."), followed by a space at i + 1: before a capital,
// or a number after a word of five letters or more ("berechnet. 2026 zahlen Sie"; not "ca. 5",
// "bijv. 3" or "tel. 14 0123").
bool ends_sentence(std::string_view text, std::size_t i) {
  const std::string_view next = text.substr(i + 2);
  if (starts_upper(next)) return true;
  if (next.empty() || next[0] < '0' || next[0] > '9' || text[i] != '.') return false;
  std::size_t letters = 0;
  while (letters < i && std::isalpha(static_cast<unsigned char>(text[i - 1 - letters]))) ++letters;
  return letters >= 5;
}

// The answer's sentences: cut after ".", "!" or "?" where a sentence ends, and at line ends; a
// list item stays with the line that introduces it.
std::vector<std::string_view> sentences_of(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  const auto push = [&](std::size_t end) {
    auto piece = text.substr(start, end - start);
    while (!piece.empty() && (piece.front() == ' ' || piece.front() == '\n'))
      piece.remove_prefix(1);
    while (!piece.empty() && (piece.back() == ' ' || piece.back() == '\n')) piece.remove_suffix(1);
    if (piece.empty()) return;
    if (is_list_item(piece) && !out.empty()) {
      // The item and the lines before it, as one piece of the text.
      const char* first = out.back().data();
      out.back() =
          std::string_view(first, static_cast<std::size_t>(piece.data() + piece.size() - first));
      return;
    }
    out.push_back(piece);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      push(i);
      start = i + 1;
    } else if ((c == '.' || c == '!' || c == '?') && i + 2 < text.size() && text[i + 1] == ' ' &&
               ends_sentence(text, i)) {
      push(i + 1);
      start = i + 1;
    }
  }
  push(text.size());
  return out;
}

// Whether `sentence` (its `tokens`) speaks of `aspect`.
bool speaks_of(std::string_view sentence, const std::vector<intents::Token>& tokens, Aspect aspect,
               const LanguageAspects& words) {
  // The euro sign speaks of a cost in every language.
  if (aspect == Aspect::cost && sentence.find("\xE2\x82\xAC") != std::string_view::npos)
    return true;
  const auto& markers = words.aspects[static_cast<std::size_t>(aspect)].in_answer;
  const auto has = [&](const std::set<std::string_view>& set) {
    return std::any_of(tokens.begin(), tokens.end(),
                       [&](const intents::Token& t) { return set.contains(t.folded); });
  };
  return has(markers) && (aspect != Aspect::validity || has(words.spans));
}

}  // namespace

Aspects asked_aspects(const std::vector<intents::Token>& tokens, std::string_view lang,
                      bool follows_up, const std::vector<std::string>& title_words) {
  Aspects asked;
  const auto found = aspect_words().find(lang);
  if (found == aspect_words().end()) return asked;
  if (std::any_of(tokens.begin(), tokens.end(), [&](const intents::Token& t) {
        return found->second.conditions.contains(t.folded);
      }))
    return asked;
  for (std::size_t a = 0; a < kAspects; ++a) {
    const auto& words = found->second.aspects[a];
    const auto asks = [&](const Phrase& phrase) {
      return !names_the_topic(phrase, title_words) && contains(tokens, phrase);
    };
    if (std::any_of(words.asking.begin(), words.asking.end(), asks) ||
        (follows_up && std::any_of(words.following.begin(), words.following.end(), asks)))
      asked.set(a);
  }
  // "hoe lang is die geldig?" asks how long the document lasts, and "hoe lang van tevoren?" how
  // far ahead, not how long it takes.
  if (asked.test(static_cast<std::size_t>(Aspect::validity)) ||
      asked.test(static_cast<std::size_t>(Aspect::deadline)))
    asked.reset(static_cast<std::size_t>(Aspect::duration));
  return asked;
}

std::string sentences_about(std::string_view answer, Aspects aspects, std::string_view lang) {
  const auto found = aspect_words().find(lang);
  if (aspects.none() || found == aspect_words().end()) return {};
  const auto sentences = sentences_of(answer);
  std::vector<bool> taken(sentences.size());
  std::vector<bool> points_back(sentences.size());
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const auto tokens = intents::tokenize(sentences[i]);
    points_back[i] = !tokens.empty() && found->second.pointing_back.contains(tokens.front().folded);
    for (std::size_t a = 0; a < kAspects && !taken[i]; ++a)
      taken[i] =
          aspects.test(a) && speaks_of(sentences[i], tokens, static_cast<Aspect>(a), found->second);
  }
  // From the last, so that a chain ("Daarna ... Dat kost ...") is followed back to its start.
  for (std::size_t i = sentences.size(); i-- > 1;)
    if (taken[i] && points_back[i]) taken[i - 1] = true;
  if (std::find(taken.begin(), taken.end(), false) == taken.end()) return {};
  std::string out;
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    if (!taken[i]) continue;
    if (!out.empty()) out += ' ';
    out.append(sentences[i]);
  }
  return out;
}

}  // namespace loket::dialogue
