#include "config/widget_labels.h"

#include <algorithm>
#include <array>

namespace loket::config {
namespace {

constexpr std::array<std::string_view, 8> kLanguages = {"nl", "fy", "de", "en",
                                                        "da", "sv", "no", "fr"};

struct Label {
  std::string_view key;
  std::array<std::string_view, kLanguages.size()> text;  // in kLanguages' order
};

// In kLanguages' order in every row. Plain, polite forms (u, Sie, vous) as municipalities write;
// a municipality changes any of them in widget.labels without a new release.
constexpr Label kLabels[] = {
    {"title",
     {"Vraag het de gemeente", "Freegje it de gemeente", "Fragen Sie die Gemeinde",
      "Ask the municipality", "Spørg kommunen", "Fråga kommunen", "Spør kommunen",
      "Demandez à la commune"}},
    {"open",
     {"Stel een vraag", "Stel in fraach", "Frage stellen", "Ask a question", "Stil et spørgsmål",
      "Ställ en fråga", "Still et spørsmål", "Poser une question"}},
    {"close", {"Sluiten", "Slute", "Schließen", "Close", "Luk", "Stäng", "Lukk", "Fermer"}},
    {"placeholder",
     {"Typ uw vraag…", "Typ jo fraach…", "Ihre Frage…", "Type your question…",
      "Skriv dit spørgsmål…", "Skriv din fråga…", "Skriv spørsmålet ditt…",
      "Écrivez votre question…"}},
    {"send", {"Verstuur", "Ferstjoere", "Senden", "Send", "Send", "Skicka", "Send", "Envoyer"}},
    {"language", {"Taal", "Taal", "Sprache", "Language", "Sprog", "Språk", "Språk", "Langue"}},
    {"you", {"U", "Jo", "Sie", "You", "Dig", "Du", "Du", "Vous"}},
    {"log",
     {"Gesprek", "Petear", "Gespräch", "Conversation", "Samtale", "Samtal", "Samtale",
      "Conversation"}},
    {"suggestions",
     {"Suggesties", "Suggestjes", "Vorschläge", "Suggestions", "Forslag", "Förslag", "Forslag",
      "Suggestions"}},
    {"alert",
     {"Melding", "Melding", "Benachrichtigung", "Alert", "Besked", "Avisering", "Varsel",
      "Alerte"}},
    {"stop_topic",
     {"Stop meldingen over {topic}", "Stop meldingen oer {topic}",
      "Keine Benachrichtigungen mehr über {topic}", "Stop alerts about {topic}",
      "Stop beskeder om {topic}", "Sluta få aviseringar om {topic}", "Stopp varsler om {topic}",
      "Arrêter les alertes sur {topic}"}},
    {"stopped",
     {"U krijgt geen meldingen meer over {topic}.", "Jo krije gjin meldingen mear oer {topic}.",
      "Sie erhalten keine Benachrichtigungen mehr über {topic}.",
      "You will no longer receive alerts about {topic}.", "Du får ikke flere beskeder om {topic}.",
      "Du får inga fler aviseringar om {topic}.", "Du får ikke flere varsler om {topic}.",
      "Vous ne recevrez plus d'alertes sur {topic}."}},
    {"offline",
     {"Geen verbinding. Uw vraag wordt verstuurd zodra de verbinding terug is.",
      "Gjin ferbining. Jo fraach wurdt ferstjoerd sa gau as de ferbining werom is.",
      "Keine Verbindung. Ihre Frage wird gesendet, sobald die Verbindung wieder besteht.",
      "No connection. Your question will be sent as soon as the connection is back.",
      "Ingen forbindelse. Dit spørgsmål sendes, så snart forbindelsen er tilbage.",
      "Ingen anslutning. Din fråga skickas så snart anslutningen är tillbaka.",
      "Ingen tilkobling. Spørsmålet ditt sendes så snart tilkoblingen er tilbake.",
      "Pas de connexion. Votre question sera envoyée dès le retour de la connexion."}},
    {"busy",
     {"Een ogenblik: u stuurt sneller dan ik kan antwoorden. Uw bericht gaat zo verder.",
      "Efkes: jo stjoere flugger as ik antwurdzje kin. Jo berjocht giet sa fierder.",
      "Einen Moment: Sie schreiben schneller, als ich antworten kann. Ihre Nachricht geht gleich "
      "weiter.",
      "One moment: you are sending faster than I can answer. Your message will follow shortly.",
      "Et øjeblik: du skriver hurtigere, end jeg kan svare. Din besked sendes om lidt.",
      "Ett ögonblick: du skriver snabbare än jag hinner svara. Ditt meddelande skickas strax.",
      "Et øyeblikk: du skriver raskere enn jeg rekker å svare. Meldingen din sendes straks.",
      "Un instant : vous écrivez plus vite que je ne peux répondre. Votre message suivra "
      "bientôt."}},
    {"error",
     {"Er ging iets mis. Probeer het later opnieuw.", "Der gie wat mis. Besykje it letter opnij.",
      "Etwas ist schiefgegangen. Bitte versuchen Sie es später erneut.",
      "Something went wrong. Please try again later.", "Noget gik galt. Prøv igen senere.",
      "Något gick fel. Försök igen senare.", "Noe gikk galt. Prøv igjen senere.",
      "Une erreur s'est produite. Veuillez réessayer plus tard."}},
    {"restart",
     {"Opnieuw beginnen", "Opnij begjinne", "Neu beginnen", "Start over", "Start forfra",
      "Börja om", "Start på nytt", "Recommencer"}},
    {"transcript",
     {"Gesprek downloaden", "Petear downloade", "Gespräch herunterladen", "Download conversation",
      "Hent samtalen", "Ladda ner samtalet", "Last ned samtalen", "Télécharger la conversation"}},
    {"helpful",
     {"Was dit antwoord nuttig?", "Wie dit antwurd nuttich?", "War diese Antwort hilfreich?",
      "Was this answer helpful?", "Var svaret nyttigt?", "Var svaret till hjälp?",
      "Var svaret nyttig?", "Cette réponse vous a-t-elle aidé ?"}},
    {"yes", {"Ja", "Ja", "Ja", "Yes", "Ja", "Ja", "Ja", "Oui"}},
    {"no", {"Nee", "Nee", "Nein", "No", "Nej", "Nej", "Nei", "Non"}},
    {"comment",
     {"Toelichting (niet verplicht)", "Taljochting (net ferplichte)", "Kommentar (optional)",
      "Comment (optional)", "Kommentar (valgfrit)", "Kommentar (valfritt)", "Kommentar (valgfritt)",
      "Commentaire (facultatif)"}},
    {"thanks",
     {"Bedankt voor uw reactie.", "Tank foar jo reaksje.", "Danke für Ihre Rückmeldung.",
      "Thank you for your feedback.", "Tak for din tilbagemelding.", "Tack för din återkoppling.",
      "Takk for tilbakemeldingen.", "Merci pour votre avis."}},
    {"push_open",
     {"Meldingen in deze browser", "Meldingen yn dizze browser",
      "Benachrichtigungen in diesem Browser", "Notifications in this browser",
      "Beskeder i denne browser", "Aviseringar i den här webbläsaren",
      "Varsler i denne nettleseren", "Notifications dans ce navigateur"}},
    {"push_topics",
     {"Waarover wilt u een melding?", "Wêroer wolle jo in melding?",
      "Worüber möchten Sie benachrichtigt werden?", "What would you like alerts about?",
      "Hvad vil du have beskeder om?", "Vad vill du få aviseringar om?",
      "Hva vil du ha varsler om?", "Sur quels sujets souhaitez-vous des alertes ?"}},
    {"push_postcode",
     {"Postcode (voor meldingen in uw buurt, mag leeg)",
      "Postkoade (foar meldingen yn jo buert, mei leech)",
      "Postleitzahl (für Benachrichtigungen in Ihrer Nähe, optional)",
      "Postcode (for alerts near you, may be empty)",
      "Postnummer (til beskeder i dit område, kan være tomt)",
      "Postnummer (för aviseringar nära dig, kan lämnas tomt)",
      "Postnummer (for varsler i ditt område, kan stå tomt)",
      "Code postal (pour les alertes près de chez vous, facultatif)"}},
    {"push_on",
     {"Aanzetten", "Oansette", "Einschalten", "Turn on", "Slå til", "Slå på", "Slå på", "Activer"}},
    {"push_done",
     {"Aan: u krijgt meldingen in deze browser.", "Oan: jo krije meldingen yn dizze browser.",
      "Ein: Sie erhalten Benachrichtigungen in diesem Browser.",
      "On: you will receive alerts in this browser.", "Til: du får beskeder i denne browser.",
      "På: du får aviseringar i den här webbläsaren.", "På: du får varsler i denne nettleseren.",
      "Activé : vous recevrez des alertes dans ce navigateur."}},
    {"push_denied",
     {"De browser staat meldingen niet toe.", "De browser stiet meldingen net ta.",
      "Der Browser erlaubt keine Benachrichtigungen.", "The browser does not allow notifications.",
      "Browseren tillader ikke beskeder.", "Webbläsaren tillåter inte aviseringar.",
      "Nettleseren tillater ikke varsler.", "Le navigateur n'autorise pas les notifications."}},
    {"push_none",
     {"Kies ten minste één onderwerp.", "Kies op syn minst ien ûnderwerp.",
      "Wählen Sie mindestens ein Thema.", "Choose at least one topic.", "Vælg mindst ét emne.",
      "Välj minst ett ämne.", "Velg minst ett emne.", "Choisissez au moins un sujet."}},
    {"person_joined",
     {"{name} helpt u verder.", "{name} helpt jo fierder.", "{name} hilft Ihnen weiter.",
      "{name} is now helping you.", "{name} hjælper dig videre.", "{name} hjälper dig vidare.",
      "{name} hjelper deg videre.", "{name} prend le relais."}},
};

constexpr std::array<std::string_view, std::size(kLabels)> label_keys() {
  std::array<std::string_view, std::size(kLabels)> keys{};
  for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = kLabels[i].key;
  return keys;
}
constexpr auto kKeys = label_keys();

}  // namespace

std::span<const std::string_view> widget_languages() {
  return kLanguages;
}
std::span<const std::string_view> widget_label_keys() {
  return kKeys;
}

std::string_view default_widget_label(std::string_view lang, std::string_view key) {
  const auto l = std::find(kLanguages.begin(), kLanguages.end(), lang);
  if (l == kLanguages.end()) return {};
  for (const Label& label : kLabels)
    if (label.key == key) return label.text[static_cast<std::size_t>(l - kLanguages.begin())];
  return {};
}

}  // namespace loket::config
