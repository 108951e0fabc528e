#include "intents/dialogue/answer_aspects.h"

#include "intents/dialogue/answer_sentences.h"

#include <algorithm>
#include <array>
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

bool asks_with(std::string_view word, std::string_view lang) {
  static const auto kWords = [] {
    std::map<std::string_view, std::set<std::string_view>> words;
    for (const auto& [language, aspects] : aspect_words())
      for (const auto& aspect : aspects.aspects)
        for (const auto* phrases : {&aspect.asking, &aspect.following})
          for (const auto& phrase : *phrases)
            for (const auto w : phrase)
              if (w != "*") words[language].insert(w);
    return words;
  }();
  const auto found = kWords.find(lang);
  return found != kWords.end() && found->second.contains(word);
}

std::string sentences_about(std::string_view answer, Aspects aspects, std::string_view lang) {
  const auto found = aspect_words().find(lang);
  if (aspects.none() || found == aspect_words().end()) return {};
  const auto sentences = sentences_of(answer);
  std::vector<bool> taken(sentences.size());
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const auto tokens = intents::tokenize(sentences[i]);
    for (std::size_t a = 0; a < kAspects && !taken[i]; ++a)
      taken[i] =
          aspects.test(a) && speaks_of(sentences[i], tokens, static_cast<Aspect>(a), found->second);
  }
  return chosen_sentences(sentences, std::move(taken), lang);
}

}  // namespace loket::dialogue
