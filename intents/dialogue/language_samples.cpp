#include "intents/dialogue/language_samples.h"

namespace loket::dialogue {

const std::vector<intents::LanguageDetector::Sample>& builtin_language_samples() {
  static const std::vector<intents::LanguageDetector::Sample> kSamples = {
      {"Hoe vraag ik een nieuw paspoort aan en wat kost dat? Wanneer wordt het afval bij mij "
       "opgehaald? Ik wil mijn verhuizing doorgeven aan de gemeente. Waar kan ik een "
       "parkeervergunning aanvragen? Mijn container is niet geleegd. Heb ik recht op een "
       "toeslag? Wat zijn de openingstijden van het gemeentehuis? Ik wil een afspraak maken.",
       "nl"},
      {"How do I apply for a new passport and how much does it cost? When is my rubbish "
       "collected? I want to tell the council that I am moving house. Where can I apply for a "
       "parking permit? My bin was not emptied. Am I entitled to an allowance? What are the "
       "opening hours of the town hall? I would like to make an appointment.",
       "en"},
      {"Wie beantrage ich einen neuen Reisepass und was kostet das? Wann wird mein Müll "
       "abgeholt? Ich möchte meinen Umzug bei der Gemeinde melden. Wo kann ich einen "
       "Parkausweis beantragen? Meine Tonne wurde nicht geleert. Habe ich Anspruch auf einen "
       "Zuschuss? Wann hat das Rathaus geöffnet? Ich möchte einen Termin vereinbaren. Können "
       "Sie mir bitte helfen? Ich verstehe das nicht.",
       "de"},
      {"Hvordan søger jeg om et nyt pas, og hvad koster det? Hvornår bliver mit affald hentet? "
       "Jeg vil gerne melde flytning til kommunen. Hvor kan jeg søge om en parkeringstilladelse? "
       "Min skraldespand blev ikke tømt. Har jeg ret til et tilskud? Hvornår har rådhuset åbent? "
       "Jeg vil gerne bestille en tid. Kan du hjælpe mig?",
       "da"},
      {"Hur ansöker jag om ett nytt pass och vad kostar det? När hämtas mina sopor? Jag vill "
       "anmäla flytt till kommunen. Var kan jag ansöka om parkeringstillstånd? Min soptunna "
       "tömdes inte. Har jag rätt till bidrag? När har kommunhuset öppet? Jag vill boka en tid. "
       "Kan du hjälpa mig?",
       "sv"},
      {"Hvordan søker jeg om nytt pass, og hva koster det? Når blir søppelet mitt hentet? Jeg vil "
       "melde flytting til kommunen. Hvor kan jeg søke om parkeringstillatelse? Søppeldunken min "
       "ble ikke tømt. Har jeg rett på støtte? Når har rådhuset åpent? Jeg vil bestille time. "
       "Kan du hjelpe meg?",
       "no"},
      {"Comment demander un nouveau passeport et combien cela coûte-t-il ? Quand mes déchets "
       "sont-ils collectés ? Je voudrais signaler mon déménagement à la commune. Où puis-je "
       "demander un permis de stationnement ? Ma poubelle n'a pas été vidée. Ai-je droit à une "
       "allocation ? Quels sont les horaires de la mairie ? Je voudrais prendre rendez-vous.",
       "fr"},
  };
  return kSamples;
}

}  // namespace loket::dialogue
