#include "intents/dialogue/scheme_sentences.h"

#include <cmath>
#include <map>

#include "intents/dialogue/sentence_table.h"

namespace loket::dialogue {
namespace {

const std::map<SchemeSentence, Texts>& sentences() {
  static const std::map<SchemeSentence, Texts> kSentences = {
      {SchemeSentence::intro,
       {{"nl",
         "Ik stel u een paar korte vragen om te zien welke regelingen bij u kunnen passen. Uw "
         "antwoorden gebruik ik alleen voor deze vragen: ze worden daarna niet bewaard. U kunt "
         "elke vraag overslaan."},
        {"en",
         "I will ask you a few short questions to see which schemes may suit you. I use your "
         "answers only for these questions: they are not kept afterwards. You can skip any "
         "question."},
        {"de",
         "Ich stelle Ihnen ein paar kurze Fragen, um zu sehen, welche Regelungen für Sie in Frage "
         "kommen. Ihre Antworten verwende ich nur für diese Fragen: Sie werden danach nicht "
         "gespeichert. Sie können jede Frage überspringen."},
        {"da",
         "Jeg stiller dig et par korte spørgsmål for at se, hvilke ordninger der kan passe til "
         "dig. Dine svar bruges kun til disse spørgsmål og gemmes ikke bagefter. Du kan springe "
         "ethvert spørgsmål over."}}},
      {SchemeSentence::not_understood,
       {{"nl", "Dat begreep ik niet helemaal. Wilt u het anders zeggen, of de vraag overslaan?"},
        {"en",
         "I did not quite understand that. Could you put it differently, or skip the question?"},
        {"de",
         "Das habe ich nicht ganz verstanden. Können Sie es anders sagen oder die Frage "
         "überspringen?"},
        {"da",
         "Det forstod jeg ikke helt. Vil du sige det på en anden måde eller springe spørgsmålet "
         "over?"}}},
      {SchemeSentence::found,
       {{"nl", "Deze regelingen kunnen bij u passen:"},
        {"en", "These schemes may apply to you:"},
        {"de", "Diese Regelungen könnten für Sie in Frage kommen:"},
        {"da", "Disse ordninger kan passe til dig:"}}},
      {SchemeSentence::none_found,
       {{"nl",
         "Met wat u vertelde vond ik geen regeling die bij u past. Neem gerust contact op met de "
         "gemeente als u toch hulp nodig heeft."},
        {"en",
         "From what you told me I found no scheme that fits. Do contact the municipality if you "
         "need help all the same."},
        {"de",
         "Nach Ihren Angaben habe ich keine passende Regelung gefunden. Wenden Sie sich gern an "
         "die Gemeinde, wenn Sie trotzdem Hilfe brauchen."},
        {"da",
         "Ud fra dine svar fandt jeg ingen ordning, der passer. Kontakt gerne kommunen, hvis du "
         "alligevel har brug for hjælp."}}},
      {SchemeSentence::almost,
       {{"nl", "Bijna van toepassing:"},
        {"en", "Almost applies:"},
        {"de", "Fast zutreffend:"},
        {"da", "Næsten relevant:"}}},
      {SchemeSentence::unknown_note,
       {{"nl", "Of dit voor u geldt, hangt ook af van: {fields}."},
        {"en", "Whether these apply also depends on: {fields}."},
        {"de", "Ob diese für Sie gelten, hängt auch ab von: {fields}."},
        {"da", "Om de gælder for dig, afhænger også af: {fields}."}}},
      {SchemeSentence::disclaimer,
       {{"nl",
         "Dit is een eerste indicatie: of u er recht op heeft, beoordeelt de gemeente als u een "
         "aanvraag doet."},
        {"en",
         "This is a first indication: whether you are entitled is decided by the municipality "
         "when you apply."},
        {"de",
         "Dies ist eine erste Einschätzung: Ob Sie Anspruch haben, prüft die Gemeinde bei Ihrem "
         "Antrag."},
        {"da",
         "Dette er en første vurdering: kommunen afgør, om du har ret til det, når du søger."}}},
      {SchemeSentence::skipped,
       {{"nl", "Dat begreep ik weer niet, dus ik sla deze vraag over."},
        {"en", "I did not understand that either, so I will skip this question."},
        {"de", "Das habe ich wieder nicht verstanden, also überspringe ich diese Frage."},
        {"da", "Det forstod jeg heller ikke, så jeg springer dette spørgsmål over."}}},
      {SchemeSentence::skip_button,
       {{"nl", "Overslaan"}, {"en", "Skip"}, {"de", "Überspringen"}, {"da", "Spring over"}}},
      {SchemeSentence::yes_button, {{"nl", "Ja"}, {"en", "Yes"}, {"de", "Ja"}, {"da", "Ja"}}},
      {SchemeSentence::no_button, {{"nl", "Nee"}, {"en", "No"}, {"de", "Nein"}, {"da", "Nej"}}},
      {SchemeSentence::rent_button,
       {{"nl", "Huurwoning"}, {"en", "I rent"}, {"de", "Zur Miete"}, {"da", "Lejebolig"}}},
      {SchemeSentence::own_button,
       {{"nl", "Koopwoning"}, {"en", "I own it"}, {"de", "Eigentum"}, {"da", "Ejerbolig"}}},
  };
  return kSentences;
}

const std::map<SchemeField, Texts>& questions() {
  static const std::map<SchemeField, Texts> kQuestions = {
      {SchemeField::business_type,
       {{"nl", "Wat voor bedrijf heeft u?"},
        {"en", "What kind of business do you have?"},
        {"de", "Was für ein Unternehmen haben Sie?"},
        {"da", "Hvilken type virksomhed har du?"}}},
      {SchemeField::lives_here,
       {{"nl", "Woont u in {place}?"},
        {"en", "Do you live in {place}?"},
        {"de", "Wohnen Sie in {place}?"},
        {"da", "Bor du i {place}?"}}},
      {SchemeField::age,
       {{"nl", "Hoe oud bent u?"},
        {"en", "How old are you?"},
        {"de", "Wie alt sind Sie?"},
        {"da", "Hvor gammel er du?"}}},
      {SchemeField::household,
       {{"nl", "Hoe woont u: alleen of samen, en met of zonder kinderen onder de 18?"},
        {"en", "Do you live on your own or with a partner, and with or without children under 18?"},
        {"de", "Leben Sie allein oder mit Partner, und mit oder ohne Kinder unter 18?"},
        {"da", "Bor du alene eller med en partner, og med eller uden børn under 18?"}}},
      {SchemeField::income,
       {{"nl",
         "Wat is het netto inkomen van uw huishouden per maand, ongeveer? Een bedrag is genoeg."},
        {"en", "Roughly what is your household's net income a month? An amount is enough."},
        {"de",
         "Wie hoch ist das Nettoeinkommen Ihres Haushalts im Monat, ungefähr? Ein Betrag genügt."},
        {"da", "Hvad er husstandens nettoindkomst om måneden, cirka? Et beløb er nok."}}},
      {SchemeField::savings,
       {{"nl", "Hoeveel spaargeld en ander vermogen heeft uw huishouden, ongeveer?"},
        {"en", "Roughly how much in savings and other assets does your household have?"},
        {"de", "Wie viel Ersparnisse und sonstiges Vermögen hat Ihr Haushalt, ungefähr?"},
        {"da", "Hvor meget opsparing og anden formue har husstanden, cirka?"}}},
      {SchemeField::home,
       {{"nl", "Huurt u uw woning, of is het een koopwoning?"},
        {"en", "Do you rent your home or own it?"},
        {"de", "Wohnen Sie zur Miete oder im Eigentum?"},
        {"da", "Bor du til leje eller i ejerbolig?"}}},
  };
  return kQuestions;
}

const Texts& business_lives_here() {
  static const Texts kTexts = {{"nl", "Is uw bedrijf gevestigd in {place}?"},
                               {"en", "Is your business based in {place}?"},
                               {"de", "Hat Ihr Unternehmen seinen Sitz in {place}?"},
                               {"da", "Ligger din virksomhed i {place}?"}};
  return kTexts;
}

const std::map<SchemeField, Texts>& field_labels() {
  static const std::map<SchemeField, Texts> kLabels = {
      {SchemeField::business_type,
       {{"nl", "het soort bedrijf"},
        {"en", "the kind of business"},
        {"de", "der Art des Unternehmens"},
        {"da", "virksomhedstypen"}}},
      {SchemeField::lives_here,
       {{"nl", "waar u woont"}, {"en", "where you live"}, {"de", "dem Wohnort"}, {"da", "bopæl"}}},
      {SchemeField::age,
       {{"nl", "uw leeftijd"}, {"en", "your age"}, {"de", "dem Alter"}, {"da", "alder"}}},
      {SchemeField::household,
       {{"nl", "uw huishouden"},
        {"en", "your household"},
        {"de", "dem Haushalt"},
        {"da", "husstanden"}}},
      {SchemeField::income,
       {{"nl", "uw inkomen"},
        {"en", "your income"},
        {"de", "dem Einkommen"},
        {"da", "indkomsten"}}},
      {SchemeField::savings,
       {{"nl", "uw spaargeld"},
        {"en", "your savings"},
        {"de", "den Ersparnissen"},
        {"da", "opsparingen"}}},
      {SchemeField::home,
       {{"nl", "huur of koop"},
        {"en", "renting or owning"},
        {"de", "Miete oder Eigentum"},
        {"da", "leje eller eje"}}},
  };
  return kLabels;
}

const std::map<config::Household, Texts>& household_labels() {
  using config::Household;
  static const std::map<Household, Texts> kLabels = {
      {Household::single,
       {{"nl", "Alleen"}, {"en", "On my own"}, {"de", "Allein"}, {"da", "Alene"}}},
      {Household::single_parent,
       {{"nl", "Alleen, met kinderen"},
        {"en", "On my own, with children"},
        {"de", "Allein, mit Kindern"},
        {"da", "Alene, med børn"}}},
      {Household::couple,
       {{"nl", "Samen"}, {"en", "With a partner"}, {"de", "Mit Partner"}, {"da", "Med partner"}}},
      {Household::couple_with_children,
       {{"nl", "Samen, met kinderen"},
        {"en", "With a partner and children"},
        {"de", "Mit Partner und Kindern"},
        {"da", "Med partner og børn"}}},
  };
  return kLabels;
}

std::string fill(const std::string& text, std::string_view key, const std::string& value) {
  std::string out = text;
  const std::string placeholder = std::string("{").append(key).append("}");
  if (const auto at = out.find(placeholder); at != std::string::npos)
    out.replace(at, placeholder.size(), value);
  return out;
}

std::string age_reason(const config::SchemeConditions& c, std::string_view lang) {
  static const Texts kBoth = {{"nl", "voor {min} tot en met {max} jaar"},
                              {"en", "for ages {min} to {max}"},
                              {"de", "für {min} bis {max} Jahre"},
                              {"da", "for {min} til {max} år"}};
  static const Texts kFrom = {{"nl", "vanaf {min} jaar"},
                              {"en", "from age {min}"},
                              {"de", "ab {min} Jahren"},
                              {"da", "fra {min} år"}};
  static const Texts kUpTo = {{"nl", "tot en met {max} jaar"},
                              {"en", "up to age {max}"},
                              {"de", "bis {max} Jahre"},
                              {"da", "til og med {max} år"}};
  const Texts& texts = c.age_min && c.age_max ? kBoth : c.age_min ? kFrom : kUpTo;
  std::string out = in_language(texts, lang);
  if (c.age_min) out = fill(out, "min", std::to_string(*c.age_min));
  if (c.age_max) out = fill(out, "max", std::to_string(*c.age_max));
  return out;
}

}  // namespace

const std::string& scheme_sentence(SchemeSentence which, std::string_view lang) {
  return in_language(sentences().at(which), lang);
}

const std::string& scheme_question(SchemeField field, config::Audience audience,
                                   std::string_view lang) {
  if (field == SchemeField::lives_here && audience == config::Audience::businesses)
    return in_language(business_lives_here(), lang);
  return in_language(questions().at(field), lang);
}

const std::string& household_label(config::Household household, std::string_view lang) {
  return in_language(household_labels().at(household), lang);
}

const std::string& scheme_field_label(SchemeField field, std::string_view lang) {
  return in_language(field_labels().at(field), lang);
}

std::string format_euros(double amount, std::string_view lang) {
  const std::string digits = std::to_string(static_cast<long long>(std::llround(amount)));
  const bool english = lang != "nl" && lang != "de" && lang != "da";
  std::string out = english ? "€" : "€ ";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    // A separator before each group of three from the right.
    if (i > 0 && digits[i - 1] != '-' && (digits.size() - i) % 3 == 0) out += english ? ',' : '.';
    out += digits[i];
  }
  return out;
}

std::string scheme_reason(SchemeField field, const config::Scheme& scheme, double limit,
                          std::string_view lang) {
  const auto& c = scheme.conditions;
  switch (field) {
    case SchemeField::age:
      return age_reason(c, lang);
    case SchemeField::household: {
      static const Texts kChildren = {{"nl", "alleen voor huishoudens met kinderen"},
                                      {"en", "only for households with children"},
                                      {"de", "nur für Haushalte mit Kindern"},
                                      {"da", "kun for husstande med børn"}};
      static const Texts kOther = {{"nl", "niet voor uw soort huishouden"},
                                   {"en", "not for your kind of household"},
                                   {"de", "nicht für Ihre Haushaltsform"},
                                   {"da", "ikke for din type husstand"}};
      return in_language(c.children && *c.children && c.households.empty() ? kChildren : kOther,
                         lang);
    }
    case SchemeField::income: {
      static const Texts kIncome = {
          {"nl", "netto inkomen tot {amount} per maand voor uw huishouden"},
          {"en", "net income up to {amount} a month for your household"},
          {"de", "Nettoeinkommen bis {amount} im Monat für Ihren Haushalt"},
          {"da", "nettoindkomst op til {amount} om måneden for din husstand"}};
      return fill(in_language(kIncome, lang), "amount", format_euros(limit, lang));
    }
    case SchemeField::savings: {
      static const Texts kSavings = {{"nl", "spaargeld en vermogen tot {amount}"},
                                     {"en", "savings and assets up to {amount}"},
                                     {"de", "Ersparnisse und Vermögen bis {amount}"},
                                     {"da", "opsparing og formue op til {amount}"}};
      return fill(in_language(kSavings, lang), "amount", format_euros(limit, lang));
    }
    case SchemeField::home: {
      static const Texts kTenants = {{"nl", "alleen voor huurders"},
                                     {"en", "for tenants only"},
                                     {"de", "nur für Mieter"},
                                     {"da", "kun for lejere"}};
      static const Texts kOwners = {{"nl", "alleen voor huiseigenaren"},
                                    {"en", "for home owners only"},
                                    {"de", "nur für Eigentümer"},
                                    {"da", "kun for boligejere"}};
      return in_language(c.rents && *c.rents ? kTenants : kOwners, lang);
    }
    case SchemeField::lives_here: {
      static const Texts kHere = {{"nl", "alleen voor wie in de gemeente woont of gevestigd is"},
                                  {"en", "only for those living or based in the municipality"},
                                  {"de", "nur für in der Gemeinde Wohnende oder Ansässige"},
                                  {"da", "kun for dem, der bor eller har hjemsted i kommunen"}};
      return in_language(kHere, lang);
    }
    case SchemeField::business_type: {
      static const Texts kType = {{"nl", "niet voor uw soort bedrijf"},
                                  {"en", "not for your kind of business"},
                                  {"de", "nicht für Ihre Art von Unternehmen"},
                                  {"da", "ikke for din type virksomhed"}};
      return in_language(kType, lang);
    }
  }
  return {};
}

}  // namespace loket::dialogue
