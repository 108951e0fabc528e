#include "intents/dialogue/handoff_sentences.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "intents/dialogue/sentence_table.h"

namespace loket::dialogue {
namespace {

const std::map<HandoffSentence, Texts>& sentences() {
  static const std::map<HandoffSentence, Texts> kSentences = {
      {HandoffSentence::talk_button,
       {{"nl", "Chat met een medewerker"},
        {"en", "Chat with a member of staff"},
        {"de", "Mit einem Mitarbeiter chatten"},
        {"da", "Chat med en medarbejder"},
        {"sv", "Chatta med en medarbetare"},
        {"no", "Chat med en medarbeider"},
        {"fr", "Discuter avec un agent"}}},
      {HandoffSentence::callback_button,
       {{"nl", "Laat een vraag achter voor een medewerker"},
        {"en", "Leave a question for a member of staff"},
        {"de", "Eine Frage für einen Mitarbeiter hinterlassen"},
        {"da", "Efterlad et spørgsmål til en medarbejder"},
        {"sv", "Lämna en fråga till en medarbetare"},
        {"no", "Legg igjen et spørsmål til en medarbeider"},
        {"fr", "Laisser une question à un agent"}}},
      {HandoffSentence::unreachable,
       {{"nl", "Een medewerker is via deze chat nu niet bereikbaar."},
        {"en", "A member of staff cannot be reached through this chat right now."},
        {"de", "Ein Mitarbeiter ist über diesen Chat gerade nicht erreichbar."},
        {"da", "En medarbejder kan ikke kontaktes via denne chat lige nu."},
        {"sv", "En medarbetare kan inte nås via den här chatten just nu."},
        {"no", "En medarbeider kan ikke nås via denne chatten akkurat nå."},
        {"fr", "Un agent n'est pas joignable par ce chat pour le moment."}}},
      {HandoffSentence::end_button,
       {{"nl", "Gesprek beëindigen"},
        {"en", "End the conversation"},
        {"de", "Gespräch beenden"},
        {"da", "Afslut samtalen"},
        {"sv", "Avsluta samtalet"},
        {"no", "Avslutt samtalen"},
        {"fr", "Terminer la conversation"}}},
      {HandoffSentence::waiting,
       {{"nl",
         "Ik verbind u door met een medewerker. U bent nummer {position} in de rij; de "
         "wachttijd is ongeveer {minutes} minuten. Typ gerust alvast uw vraag."},
        {"en",
         "I am putting you through to a member of staff. You are number {position} in the "
         "queue; the wait is about {minutes} minutes. Feel free to type your question now."},
        {"de",
         "Ich verbinde Sie mit einem Mitarbeiter. Sie sind Nummer {position} in der "
         "Warteschlange; die Wartezeit beträgt etwa {minutes} Minuten. Schreiben Sie Ihre Frage "
         "gern schon jetzt."},
        {"da",
         "Jeg stiller dig om til en medarbejder. Du er nummer {position} i køen; ventetiden er "
         "cirka {minutes} minutter. Skriv gerne dit spørgsmål allerede nu."},
        {"sv",
         "Jag kopplar dig till en medarbetare. Du är nummer {position} i kön; väntetiden är "
         "ungefär {minutes} minuter. Skriv gärna din fråga redan nu."},
        {"no",
         "Jeg setter deg over til en medarbeider. Du er nummer {position} i køen; ventetiden er "
         "omtrent {minutes} minutter. Skriv gjerne spørsmålet ditt allerede nå."},
        {"fr",
         "Je vous mets en relation avec un agent. Vous êtes numéro {position} dans la file ; "
         "l'attente est d'environ {minutes} minutes. Vous pouvez déjà écrire votre question."}}},
      {HandoffSentence::still_waiting,
       {{"nl",
         "Uw bericht is doorgegeven. U bent nummer {position} in de rij (ongeveer {minutes} "
         "minuten)."},
        {"en",
         "Your message has been passed on. You are number {position} in the queue (about "
         "{minutes} minutes)."},
        {"de",
         "Ihre Nachricht wurde weitergegeben. Sie sind Nummer {position} in der Warteschlange "
         "(etwa {minutes} Minuten)."},
        {"da",
         "Din besked er givet videre. Du er nummer {position} i køen (cirka {minutes} "
         "minutter)."},
        {"sv",
         "Ditt meddelande har skickats vidare. Du är nummer {position} i kön (ungefär {minutes} "
         "minuter)."},
        {"no",
         "Meldingen din er sendt videre. Du er nummer {position} i køen (omtrent {minutes} "
         "minutter)."},
        {"fr",
         "Votre message a été transmis. Vous êtes numéro {position} dans la file (environ "
         "{minutes} minutes)."}}},
      {HandoffSentence::joined,
       {{"nl", "{name} is in het gesprek gekomen."},
        {"en", "{name} has joined the conversation."},
        {"de", "{name} ist dem Gespräch beigetreten."},
        {"da", "{name} er kommet med i samtalen."},
        {"sv", "{name} har anslutit till samtalet."},
        {"no", "{name} er med i samtalen nå."},
        {"fr", "{name} a rejoint la conversation."}}},
      {HandoffSentence::ended_by_resident,
       {{"nl", "U hebt het gesprek met de medewerker beëindigd. Waarmee kan ik u verder helpen?"},
        {"en",
         "You have ended the conversation with the member of staff. What else can I help "
         "you with?"},
        {"de",
         "Sie haben das Gespräch mit dem Mitarbeiter beendet. Womit kann ich Ihnen sonst "
         "helfen?"},
        {"da", "Du har afsluttet samtalen med medarbejderen. Hvad kan jeg ellers hjælpe med?"},
        {"sv", "Du har avslutat samtalet med medarbetaren. Vad mer kan jag hjälpa till med?"},
        {"no", "Du har avsluttet samtalen med medarbeideren. Hva annet kan jeg hjelpe med?"},
        {"fr",
         "Vous avez terminé la conversation avec l'agent. Que puis-je faire d'autre pour "
         "vous ?"}}},
      {HandoffSentence::ended_by_staff,
       {{"nl", "{name} heeft het gesprek beëindigd. U kunt mij weer vragen stellen."},
        {"en", "{name} has ended the conversation. You can ask me questions again."},
        {"de", "{name} hat das Gespräch beendet. Sie können mir wieder Fragen stellen."},
        {"da", "{name} har afsluttet samtalen. Du kan stille mig spørgsmål igen."},
        {"sv", "{name} har avslutat samtalet. Du kan ställa frågor till mig igen."},
        {"no", "{name} har avsluttet samtalen. Du kan stille meg spørsmål igjen."},
        {"fr",
         "{name} a terminé la conversation. Vous pouvez de nouveau me poser vos "
         "questions."}}},
      {HandoffSentence::back_to_bot,
       {{"nl", "U praat weer met de digitale assistent. Waarmee kan ik u helpen?"},
        {"en", "You are talking to the digital assistant again. How can I help you?"},
        {"de", "Sie sprechen wieder mit dem digitalen Assistenten. Wie kann ich Ihnen helfen?"},
        {"da", "Du taler med den digitale assistent igen. Hvad kan jeg hjælpe med?"},
        {"sv", "Du pratar med den digitala assistenten igen. Vad kan jag hjälpa till med?"},
        {"no", "Du snakker med den digitale assistenten igjen. Hva kan jeg hjelpe med?"},
        {"fr",
         "Vous parlez de nouveau avec l'assistant numérique. Comment puis-je vous "
         "aider ?"}}},
      {HandoffSentence::closed,
       {{"nl",
         "Onze medewerkers zijn er nu niet; wij zijn er weer op {when}. Laat uw vraag achter, "
         "dan nemen wij contact met u op. Wat is uw vraag?"},
        {"en",
         "Our staff are not in now; we are back on {when}. Leave your question and we will "
         "contact you. What is your question?"},
        {"de",
         "Unsere Mitarbeiter sind gerade nicht da; wir sind wieder da am {when}. Hinterlassen "
         "Sie Ihre Frage, dann melden wir uns bei Ihnen. Was ist Ihre Frage?"},
        {"da",
         "Vores medarbejdere er her ikke nu; vi er tilbage {when}. Efterlad dit spørgsmål, så "
         "kontakter vi dig. Hvad er dit spørgsmål?"},
        {"sv",
         "Våra medarbetare är inte här nu; vi är tillbaka {when}. Lämna din fråga så kontaktar "
         "vi dig. Vad är din fråga?"},
        {"no",
         "Medarbeiderne våre er ikke her nå; vi er tilbake {when}. Legg igjen spørsmålet ditt, "
         "så kontakter vi deg. Hva er spørsmålet ditt?"},
        {"fr",
         "Nos agents ne sont pas disponibles pour le moment ; nous serons de retour {when}. "
         "Laissez votre question et nous vous contacterons. Quelle est votre question ?"}}},
      {HandoffSentence::closed_long,
       {{"nl",
         "Onze medewerkers zijn er de komende tijd niet. Laat uw vraag achter, dan nemen wij "
         "contact met u op. Wat is uw vraag?"},
        {"en",
         "Our staff are not in for a while. Leave your question and we will contact you. What "
         "is your question?"},
        {"de",
         "Unsere Mitarbeiter sind vorerst nicht da. Hinterlassen Sie Ihre Frage, dann melden "
         "wir uns bei Ihnen. Was ist Ihre Frage?"},
        {"da",
         "Vores medarbejdere er her ikke i den kommende tid. Efterlad dit spørgsmål, så "
         "kontakter vi dig. Hvad er dit spørgsmål?"},
        {"sv",
         "Våra medarbetare är inte här på ett tag. Lämna din fråga så kontaktar vi dig. Vad är "
         "din fråga?"},
        {"no",
         "Medarbeiderne våre er ikke her på en stund. Legg igjen spørsmålet ditt, så kontakter "
         "vi deg. Hva er spørsmålet ditt?"},
        {"fr",
         "Nos agents ne sont pas disponibles pour un moment. Laissez votre question et nous "
         "vous contacterons. Quelle est votre question ?"}}},
      {HandoffSentence::queue_full,
       {{"nl",
         "Het is nu erg druk. Laat uw vraag achter, dan nemen wij zo snel mogelijk contact met "
         "u op. Wat is uw vraag?"},
        {"en",
         "It is very busy right now. Leave your question and we will contact you as soon as "
         "we can. What is your question?"},
        {"de",
         "Gerade ist sehr viel los. Hinterlassen Sie Ihre Frage, dann melden wir uns so bald "
         "wie möglich. Was ist Ihre Frage?"},
        {"da",
         "Der er meget travlt lige nu. Efterlad dit spørgsmål, så kontakter vi dig hurtigst "
         "muligt. Hvad er dit spørgsmål?"},
        {"sv",
         "Det är mycket just nu. Lämna din fråga så kontaktar vi dig så snart vi kan. Vad är "
         "din fråga?"},
        {"no",
         "Det er travelt akkurat nå. Legg igjen spørsmålet ditt, så kontakter vi deg så snart "
         "vi kan. Hva er spørsmålet ditt?"},
        {"fr",
         "Il y a beaucoup d'attente en ce moment. Laissez votre question et nous vous "
         "contacterons dès que possible. Quelle est votre question ?"}}},
      {HandoffSentence::ask_contact,
       {{"nl", "Hoe kunnen wij u bereiken? Typ uw e-mailadres of telefoonnummer."},
        {"en", "How can we reach you? Type your e-mail address or phone number."},
        {"de",
         "Wie können wir Sie erreichen? Schreiben Sie Ihre E-Mail-Adresse oder "
         "Telefonnummer."},
        {"da", "Hvordan kan vi kontakte dig? Skriv din e-mailadresse eller dit telefonnummer."},
        {"sv", "Hur når vi dig? Skriv din e-postadress eller ditt telefonnummer."},
        {"no", "Hvordan kan vi nå deg? Skriv e-postadressen eller telefonnummeret ditt."},
        {"fr",
         "Comment pouvons-nous vous joindre ? Écrivez votre adresse e-mail ou votre "
         "numéro de téléphone."}}},
      {HandoffSentence::contact_invalid,
       {{"nl",
         "Dat herken ik niet als e-mailadres of telefoonnummer. Typ bijvoorbeeld "
         "naam@voorbeeld.nl of 06 12345678."},
        {"en",
         "I don't recognise that as an e-mail address or phone number. Type, for example, "
         "name@example.org or +31 6 12345678."},
        {"de",
         "Das erkenne ich nicht als E-Mail-Adresse oder Telefonnummer. Schreiben Sie zum "
         "Beispiel name@beispiel.de oder +49 151 2345678."},
        {"da",
         "Det genkender jeg ikke som e-mailadresse eller telefonnummer. Skriv for eksempel "
         "navn@eksempel.dk eller +45 12 34 56 78."},
        {"sv",
         "Det känner jag inte igen som e-postadress eller telefonnummer. Skriv till exempel "
         "namn@exempel.se eller +46 70 123 45 67."},
        {"no",
         "Det kjenner jeg ikke igjen som e-postadresse eller telefonnummer. Skriv for "
         "eksempel navn@eksempel.no eller +47 412 34 567."},
        {"fr",
         "Je ne reconnais pas cela comme une adresse e-mail ou un numéro de téléphone. "
         "Écrivez par exemple nom@exemple.fr ou +33 6 12 34 56 78."}}},
      {HandoffSentence::callback_saved,
       {{"nl", "Dank u. Wij nemen contact met u op vanaf {when}."},
        {"en", "Thank you. We will contact you from {when}."},
        {"de", "Danke. Wir melden uns bei Ihnen ab {when}."},
        {"da", "Tak. Vi kontakter dig fra {when}."},
        {"sv", "Tack. Vi kontaktar dig från {when}."},
        {"no", "Takk. Vi kontakter deg fra {when}."},
        {"fr", "Merci. Nous vous contacterons à partir de {when}."}}},
      {HandoffSentence::callback_saved_soon,
       {{"nl", "Dank u. Wij nemen zo snel mogelijk contact met u op."},
        {"en", "Thank you. We will contact you as soon as we can."},
        {"de", "Danke. Wir melden uns so bald wie möglich bei Ihnen."},
        {"da", "Tak. Vi kontakter dig hurtigst muligt."},
        {"sv", "Tack. Vi kontaktar dig så snart vi kan."},
        {"no", "Takk. Vi kontakter deg så snart vi kan."},
        {"fr", "Merci. Nous vous contacterons dès que possible."}}},
      {HandoffSentence::callback_dropped,
       {{"nl", "Goed, dan laat ik het hierbij. Waarmee kan ik u verder helpen?"},
        {"en", "All right, I'll leave it there. What else can I help you with?"},
        {"de", "Gut, dann lassen wir es dabei. Womit kann ich Ihnen sonst helfen?"},
        {"da", "Fint, så lader vi det være. Hvad kan jeg ellers hjælpe med?"},
        {"sv", "Okej, då låter vi det vara. Vad mer kan jag hjälpa till med?"},
        {"no", "Greit, da lar vi det være. Hva annet kan jeg hjelpe med?"},
        {"fr", "D'accord, restons-en là. Que puis-je faire d'autre pour vous ?"}}},
  };
  return kSentences;
}

struct DateWords {
  std::array<const char*, 7> weekdays;  // Monday first
  std::array<const char*, 12> months;
  const char* pattern;  // {weekday} {d} {month} {time}
  const char* time;     // {h} {mm}: "8.30", "8:30", "8 h 30"
  const char* date;     // {d} {month} {year}
};

// As residents write a day and a time in each language: "maandag 7 december om 8.30 uur".
const std::map<std::string, DateWords, std::less<>>& date_words() {
  static const std::map<std::string, DateWords, std::less<>> kWords = {
      {"nl",
       {{"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"},
        {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
         "oktober", "november", "december"},
        "{weekday} {d} {month} om {time} uur",
        "{h}.{mm}",
        "{d} {month} {year}"}},
      {"en",
       {{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
        {"January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December"},
        "{weekday} {d} {month} at {time}",
        "{h}:{mm}",
        "{d} {month} {year}"}},
      {"de",
       {{"Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"},
        {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
         "Oktober", "November", "Dezember"},
        "{weekday}, {d}. {month}, um {time} Uhr",
        "{h}:{mm}",
        "{d}. {month} {year}"}},
      {"da",
       {{"mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"},
        {"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
         "oktober", "november", "december"},
        "{weekday} d. {d}. {month} kl. {time}",
        "{h}.{mm}",
        "{d}. {month} {year}"}},
      {"sv",
       {{"måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"},
        {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
         "oktober", "november", "december"},
        "{weekday} {d} {month} kl. {time}",
        "{h}.{mm}",
        "{d} {month} {year}"}},
      {"no",
       {{"mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"},
        {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
         "oktober", "november", "desember"},
        "{weekday} {d}. {month} kl. {time}",
        "{h}.{mm}",
        "{d}. {month} {year}"}},
      {"fr",
       {{"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"},
        {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
         "octobre", "novembre", "décembre"},
        "{weekday} {d} {month} à {time}",
        "{h} h {mm}",
        "{d} {month} {year}"}},
  };
  return kWords;
}

void replace(std::string& text, std::string_view key, std::string_view value) {
  if (auto at = text.find(key); at != std::string::npos) text.replace(at, key.size(), value);
}

std::string without_leading_zero(std::string_view two_digits) {
  return std::string(two_digits.front() == '0' ? two_digits.substr(1) : two_digits);
}

}  // namespace

const std::string& handoff_sentence(HandoffSentence which, std::string_view lang) {
  return in_language(sentences().at(which), lang);
}

std::string opening_phrase(const config::Opening& opening, std::string_view lang) {
  auto it = date_words().find(lang);
  const DateWords& words = it != date_words().end() ? it->second : date_words().at("en");
  std::string out = words.pattern;
  replace(out, "{weekday}", words.weekdays.at(static_cast<std::size_t>(opening.weekday) % 7));
  const bool dated = opening.date.size() == 10;
  replace(out, "{d}", dated ? without_leading_zero(opening.date.substr(8)) : std::string());
  const int month = dated ? std::atoi(opening.date.substr(5, 2).c_str()) : 0;
  replace(out, "{month}",
          month >= 1 && month <= 12 ? words.months.at(static_cast<std::size_t>(month - 1)) : "");
  std::string time = opening.time;  // "08:30"
  if (time.size() == 5) {
    time = words.time;
    replace(time, "{h}", without_leading_zero(opening.time.substr(0, 2)));
    replace(time, "{mm}", opening.time.substr(3));
  }
  replace(out, "{time}", time);
  return out;
}

std::string spelled_date(const std::string& iso, std::string_view lang) {
  int year = 0, month = 0, day = 0;
  char end = 0;
  if (iso.size() != 10 ||
      std::sscanf(iso.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3 || month < 1 ||
      month > 12 || day < 1 || day > 31)
    return iso;
  auto it = date_words().find(lang);
  const DateWords& words = it != date_words().end() ? it->second : date_words().at("en");
  std::string out = words.date;
  replace(out, "{d}", std::to_string(day));
  replace(out, "{month}", words.months.at(static_cast<std::size_t>(month - 1)));
  replace(out, "{year}", std::to_string(year));
  return out;
}

long long wait_minutes(long long seconds) {
  return seconds <= 60 ? 1 : (seconds + 59) / 60;
}

}  // namespace loket::dialogue
