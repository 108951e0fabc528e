#include "intents/dialogue/content_checks.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>

#include "config/widget_labels.h"
#include "intents/dialogue/required_words.h"
#include "intents/dialogue/training_data.h"
#include "intents/entities.h"
#include "intents/intent_matcher.h"
#include "intents/stemmer.h"
#include "intents/text_normalizer.h"

namespace loket::dialogue {
namespace {

constexpr std::size_t kTelegramMaxChars = 4096;
// A WhatsApp message with reply buttons (an answer with follow-up topics) carries at most this.
constexpr std::size_t kWhatsAppButtonsBodyMaxChars = 1024;
constexpr int kFolds = 5;
constexpr std::size_t kMaxMisfiled = 50;  // more would bury the rest of the report
constexpr std::size_t kMaxReportedPerIntent = 10;

std::string normalised(std::string_view text) {
  std::string out;
  for (const auto& t : intents::tokenize(text)) out += (out.empty() ? "" : " ") + t.folded;
  return out;
}

config::Diagnostic at(const config::Intent& intent, std::string message) {
  return {intent.file, intent.line, 1, std::move(message)};
}

// Where `part` of `intent` was written ("file:line" in its origin; the last place for a part an
// override replaced, which is the one staff changed), else the intent's own line.
config::Diagnostic at_part(const config::Intent& intent, const std::string& part,
                           std::string message) {
  if (const auto it = intent.origin.find(part); it != intent.origin.end() && !it->second.empty()) {
    const std::string& where = it->second.back();
    if (const auto colon = where.rfind(':'); colon != std::string::npos)
      return {where.substr(0, colon), std::atoi(where.c_str() + colon + 1), 1, std::move(message)};
  }
  return at(intent, std::move(message));
}

bool overridden(const config::Intent& intent, std::string_view part) {
  return std::any_of(intent.overrides.begin(), intent.overrides.end(), [&](const auto& o) {
    return std::find(o.parts.begin(), o.parts.end(), part) != o.parts.end();
  });
}

// An urgent intent without required words comes first on any faint likeness ("ich will mich
// anmelden" got the suicide help line); an example without one teaches what it never answers.
void check_required_words(const config::Intent& intent, std::vector<config::Diagnostic>& out) {
  if (intent.required_words.empty()) {
    if (intent.urgent)
      out.push_back(at_part(intent, "urgent",
                            "urgent intent '" + intent.id +
                                "' has no required_words: it would come first on any faint "
                                "likeness; list the words that show the need (as 'zelfmoord*')"));
    return;
  }
  const RequiredWords required(intent.required_words);
  std::size_t reported = 0;
  for (const auto& [lang, examples] : intent.examples)
    for (const auto& example : examples)
      if (!required.found_in(intents::tokenize(example)) && reported++ < kMaxReportedPerIntent)
        out.push_back(at_part(intent, "required_words",
                              "example '" + example + "' (" + lang + ") of intent '" + intent.id +
                                  "' has none of its required_words, so the intent would never "
                                  "answer it: add the word that makes it this intent"));
}

}  // namespace

std::vector<std::string> language_notes(const config::Config& config) {
  std::vector<std::string> out;
  for (const auto& lang : config.languages) {
    if (!intents::has_stemmer(lang))
      out.push_back("language '" + lang +
                    "' has no stemmer: its questions are matched on whole words, so give each "
                    "intent more examples in it (other word forms too)");
    const auto own = config.widget.labels.find(lang);
    const auto builtin = config::widget_languages();
    if (std::find(builtin.begin(), builtin.end(), lang) == builtin.end() &&
        (own == config.widget.labels.end() ||
         own->second.size() < config::widget_label_keys().size()))
      out.push_back("the widget has no words of its own in '" + lang + "': residents who choose " +
                    lang + " see the '" + config.default_language + "' ones where widget.labels." +
                    lang + " does not give them");
  }
  return out;
}

const config::Intent* other_intent_with_example(const config::Config& config,
                                                std::string_view intent_id,
                                                std::string_view example) {
  const std::string wanted = normalised(example);
  for (const auto& intent : config.intents) {
    if (intent.id == intent_id) continue;
    for (const auto& [lang, examples] : intent.examples)
      for (const auto& e : examples)
        if (normalised(e) == wanted) return &intent;
  }
  return nullptr;
}

std::vector<config::Diagnostic> content_warnings(const config::Config& config,
                                                 std::chrono::year_month_day today) {
  std::vector<config::Diagnostic> out = config.file_warnings;
  // The same question under two intents: the matcher cannot tell which one is meant.
  std::map<std::string, const config::Intent*> owner;
  for (const auto& intent : config.intents)
    for (const auto& [lang, examples] : intent.examples)
      for (const auto& example : examples) {
        auto [it, fresh] = owner.try_emplace(normalised(example), &intent);
        if (!fresh && it->second != &intent)
          out.push_back(at(intent, "example '" + example + "' is also an example of intent '" +
                                       it->second->id + "' (" + it->second->file + ":" +
                                       std::to_string(it->second->line) + ")"));
      }
  // Two buttons with one title: the resident cannot tell which answer each gives.
  std::map<std::pair<std::string, std::string>, const config::Intent*> titled;  // (lang, title)
  for (const auto& intent : config.intents)
    for (const auto& [lang, title] : intent.title) {
      auto [it, fresh] = titled.try_emplace({lang, normalised(title)}, &intent);
      if (!fresh && it->second != &intent)
        out.push_back(at_part(intent, "title",
                              "intent '" + intent.id + "' has the " + lang + " title '" + title +
                                  "' of intent '" + it->second->id +
                                  "': residents cannot tell their buttons apart"));
    }
  const std::string date = intents::iso_date(today);
  for (const auto& intent : config.intents) {
    for (const auto& lang : config.languages) {
      // loket recognises its own intents by its own phrases: examples are optional there.
      if ((!intent.examples.count(lang) || intent.examples.at(lang).empty()) &&
          !config::is_builtin_intent(intent.id))
        out.push_back(at(intent, "intent '" + intent.id + "' has no examples in '" + lang + "'"));
      if (!intent.title.count(lang) && !config::is_builtin_intent(intent.id))
        out.push_back(at(intent, "intent '" + intent.id + "' has no title in '" + lang +
                                     "': its button " +
                                     (intent.title.empty() ? std::string("would be empty")
                                                           : "shows another language's")));
      if (!intent.answer.count(lang))
        out.push_back(at_part(
            intent, "answer",
            "intent '" + intent.id + "' has no answer in '" + lang + "'" +
                (overridden(intent, "answer")
                     ? ": an override's answer replaces the shared one in every language, so "
                       "give it in each"
                     : "")));
    }
    check_required_words(intent, out);
    if (!intent.review_by.empty() && intent.review_by < date)
      out.push_back(at_part(
          intent, "review_by",
          "the answer of intent '" + intent.id + "' was due for review on " + intent.review_by));
    for (const auto& link : intent.links)
      if (link.url.rfind("https://", 0) != 0)
        out.push_back(at_part(
            intent, "links", "intent '" + intent.id + "' links to " + link.url + " without https"));
    for (const auto& [lang, answer] : intent.answer)
      if (intents::count_code_points(answer) > kTelegramMaxChars)
        out.push_back(at_part(intent, "answer",
                              "the " + lang + " answer of intent '" + intent.id +
                                  "' is longer than "
                                  "Telegram's 4,096 characters"));
      else if (!intent.suggestions.empty() &&
               intents::count_code_points(answer) > kWhatsAppButtonsBodyMaxChars)
        out.push_back(
            at_part(intent, "answer",
                    "the " + lang + " answer of intent '" + intent.id +
                        "' is longer than the "
                        "1,024 characters WhatsApp allows with reply buttons (its suggestions)"));
  }
  // A scheme's amounts and conditions change each year: the finder must not name last year's.
  for (const auto& scheme : config.schemes.schemes)
    if (!scheme.review_by.empty() && scheme.review_by < date)
      out.push_back({scheme.file, scheme.review_by_line > 0 ? scheme.review_by_line : scheme.line,
                     1, "scheme '" + scheme.id + "' was due for review on " + scheme.review_by});
  for (const auto& [key, text] :
       {std::pair<const char*, const config::LangText*>{"welcome", &config.messages.welcome},
        {"fallback", &config.messages.fallback},
        {"ambiguous", &config.messages.ambiguous},
        {"unavailable", &config.messages.unavailable}}) {
    const auto place = config.messages.places.find(key);
    if (text->empty() || place == config.messages.places.end()) continue;
    for (const auto& lang : config.languages)
      if (!text->count(lang)) {
        config::Diagnostic d = place->second;
        d.message = std::string("messages.") + key + " has no text in '" + lang +
                    "': those residents get it in '" + config.default_language + "'";
        out.push_back(std::move(d));
      }
  }
  for (const auto& topic : config.topics) {
    if (!topic.whatsapp_template) continue;
    for (const auto& lang : config.languages)
      if (!topic.whatsapp_template->languages.count(lang))
        out.push_back({topic.file, topic.line, 1,
                       "topic '" + topic.id + "' whatsapp_template has no language code for '" +
                           lang + "': those residents get the template in the default language"});
  }

  return out;
}

std::vector<config::Diagnostic> misfiled_examples(const config::Config& config) {
  std::vector<config::Diagnostic> out;
  // Cross-validation: each example, left out of training, should still find its own intent.
  std::vector<intents::TrainingExample> all = training_examples(config);
  std::vector<std::pair<std::size_t, const config::Intent*>> questions;  // index in `all`
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].weight >= 1 && !all[i].intent.empty())
      questions.emplace_back(i, config.find_intent(all[i].intent));
  std::mt19937_64 rng(5);
  std::vector<int> fold(all.size(), -1);
  for (auto& [i, intent] : questions) fold[i] = static_cast<int>(rng() % kFolds);
  std::map<std::string, RequiredWords> required;
  for (const auto& intent : config.intents)
    if (!intent.required_words.empty()) required.emplace(intent.id, intent.required_words);
  const std::size_t depth = required.empty() ? 1 : 8;
  intents::MatcherOptions options;
  options.threshold = 0;  // which intent wins is the question here, not whether to answer
  std::size_t misfiled = 0;
  for (int k = 0; k < kFolds && misfiled < kMaxMisfiled; ++k) {
    std::vector<intents::TrainingExample> train;
    for (std::size_t i = 0; i < all.size(); ++i)
      if (fold[i] != k) train.push_back(all[i]);
    intents::IntentMatcher matcher(train, options);
    for (const auto& [i, intent] : questions) {
      if (fold[i] != k || misfiled >= kMaxMisfiled) continue;
      // As a resident's message is ranked: an intent whose required words it lacks is passed.
      const auto tokens = intents::tokenize(all[i].text);
      std::string winner;
      for (const auto& c : matcher.rank(tokens, all[i].lang, depth)) {
        const std::string& id = matcher.intents()[c.intent];
        if (const auto r = required.find(id); r == required.end() || r->second.found_in(tokens)) {
          winner = id;
          break;
        }
      }
      if (!winner.empty() && winner != all[i].intent) {
        out.push_back(at(*intent, "example '" + all[i].text + "' (" + all[i].lang +
                                      ") of intent '" + all[i].intent + "' is matched as '" +
                                      winner + "'"));
        ++misfiled;
      }
    }
  }
  return out;
}

}  // namespace loket::dialogue
