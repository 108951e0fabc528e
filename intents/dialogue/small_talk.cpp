#include "intents/dialogue/small_talk.h"

#include "intents/dialogue/handoff_sentences.h"
#include "intents/dialogue/sentence_table.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace loket::dialogue {
namespace {

using Phrases = std::map<std::string, std::vector<std::string>, std::less<>>;  // lang -> phrases

struct Builtin {
  SmallTalk kind;
  std::string_view id;
  // Whole messages, folded; one that may go on (see recognise_small_talk) does not when it ends
  // in '$' ("wat kun je$": "wat kun je doen tegen ratten" is a question about rats).
  Phrases phrases;
  Texts answer;
};

// Phrases are whole messages after folding (lower case, no accents or punctuation); a greeting
// may be followed by a word or two ("hallo daar", "hi loket").
const std::vector<Builtin>& builtins() {
  static const std::vector<Builtin> kBuiltins = {
      {SmallTalk::greeting,
       "greeting",
       {{"nl",
         {"hallo", "hoi", "hey", "hee", "goedemorgen", "goedemiddag", "goedenavond", "goeiemorgen",
          "goedendag", "dag", "hallo daar", "hoi hoi", "hai", "hallootjes", "moi", "moi moi",
          "moin"}},
        {"en",
         {"hello", "hi", "hey", "good morning", "good afternoon", "good evening", "hello there",
          "hi there", "hiya", "howdy"}},
        {"de", {"hallo", "guten tag", "guten morgen", "guten abend", "moin", "servus"}},
        {"da", {"hej", "goddag", "god morgen", "hejsa"}},
        {"sv", {"hej", "god morgon", "hej hej", "halla"}},
        {"no", {"hei", "god morgen", "god dag", "hallo"}},
        {"fr", {"bonjour", "salut", "bonsoir"}}},
       {{"nl", "Hallo! Ik ben de digitale assistent van {municipality}. Waarmee kan ik u helpen?"},
        {"en", "Hello! I am the digital assistant of {municipality}. How can I help you?"},
        {"de",
         "Hallo! Ich bin der digitale Assistent von {municipality}. Wie kann ich Ihnen "
         "helfen?"},
        {"da", "Hej! Jeg er den digitale assistent for {municipality}. Hvordan kan jeg hjælpe?"},
        {"sv", "Hej! Jag är den digitala assistenten för {municipality}. Hur kan jag hjälpa dig?"},
        {"no", "Hei! Jeg er den digitale assistenten til {municipality}. Hvordan kan jeg hjelpe?"},
        {"fr",
         "Bonjour ! Je suis l'assistant numérique de {municipality}. Comment puis-je vous "
         "aider ?"}}},
      {SmallTalk::thanks,
       "thanks",
       {{"nl",
         {"bedankt", "dank je", "dank je wel", "dankjewel", "dank u", "dank u wel", "dankuwel",
          "bedankt voor de hulp", "top bedankt", "thanks", "merci", "hartelijk dank",
          "super bedankt", "fijn bedankt"}},
        {"en",
         {"thanks", "thank you", "thanks a lot", "thank you very much", "cheers", "many thanks",
          "thanks for the help", "thank you so much", "great thanks"}},
        {"de", {"danke", "danke schon", "vielen dank", "dankeschon"}},
        {"da", {"tak", "mange tak", "tusind tak"}},
        {"sv", {"tack", "tack sa mycket", "tusen tack"}},
        {"no", {"takk", "tusen takk", "mange takk"}},
        {"fr", {"merci", "merci beaucoup"}}},
       {{"nl", "Graag gedaan! Kan ik u nog ergens anders mee helpen?"},
        {"en", "You're welcome! Is there anything else I can help you with?"},
        {"de", "Gern geschehen! Kann ich Ihnen sonst noch helfen?"},
        {"da", "Selv tak! Kan jeg hjælpe med andet?"},
        {"sv", "Varsågod! Kan jag hjälpa till med något annat?"},
        {"no", "Bare hyggelig! Kan jeg hjelpe med noe annet?"},
        {"fr", "Je vous en prie ! Puis-je vous aider pour autre chose ?"}}},
      {SmallTalk::goodbye,
       "goodbye",
       {{"nl",
         {"doei", "dag dag", "tot ziens", "doeg", "fijne dag", "tot later", "doei doei",
          "bedankt doei", "bedankt en doei", "dank je doei", "bedankt tot ziens",
          "dank u tot ziens", "dank je wel doei", "dank u wel tot ziens", "bedankt en tot ziens",
          "nee dank je", "nee dank u", "nee bedankt"}},
        {"en",
         {"bye", "goodbye", "good bye", "see you", "bye bye", "have a nice day", "thanks bye",
          "thank you bye", "thanks goodbye", "thank you goodbye", "ok bye", "thanks see you",
          "no thanks", "no thank you"}},
        {"de",
         {"tschuss", "auf wiedersehen", "bis dann", "danke tschuss", "danke und tschuss",
          "danke schon tschuss", "nein danke"}},
        {"da", {"farvel", "hej hej", "vi ses"}},
        {"sv", {"hej da", "adjo", "vi ses"}},
        {"no", {"ha det", "ha det bra", "vi ses"}},
        {"fr", {"au revoir", "bonne journee"}}},
       {{"nl", "Tot ziens! U kunt hier altijd terugkomen met een nieuwe vraag."},
        {"en", "Goodbye! You can always come back here with a new question."},
        {"de", "Auf Wiedersehen! Sie können jederzeit mit einer neuen Frage wiederkommen."},
        {"da", "Farvel! Du kan altid komme tilbage med et nyt spørgsmål."},
        {"sv", "Hej då! Du kan alltid komma tillbaka med en ny fråga."},
        {"no", "Ha det! Du kan alltid komme tilbake med et nytt spørsmål."},
        {"fr", "Au revoir ! Vous pouvez revenir à tout moment avec une nouvelle question."}}},
      {SmallTalk::acknowledgement,
       "acknowledgement",
       {{"nl",
         {"ja", "nee", "ok", "oke", "okee", "prima", "goed", "ja hoor", "nee hoor", "top",
          "jazeker", "neen", "klopt", "precies", "helder", "duidelijk", "oke dan"}},
        {"en",
         {"yes", "no", "ok", "okay", "fine", "sure", "yep", "nope", "alright", "got it", "right",
          "great", "cool"}},
        {"de", {"ja", "nein", "ok", "gut", "alles klar"}},
        {"da", {"ja", "nej", "ok", "fint"}},
        {"sv", {"ja", "nej", "ok", "bra"}},
        {"no", {"ja", "nei", "ok", "greit"}},
        {"fr", {"oui", "non", "ok", "d accord", "daccord"}}},
       {{"nl", "Prima. Stel gerust uw vraag, of kies hieronder een onderwerp."},
        {"en", "All right. Feel free to ask your question, or choose a topic below."},
        {"de", "Gut. Stellen Sie gern Ihre Frage, oder wählen Sie unten ein Thema."},
        {"da", "Fint. Stil gerne dit spørgsmål, eller vælg et emne nedenfor."},
        {"sv", "Okej. Ställ gärna din fråga, eller välj ett ämne nedan."},
        {"no", "Greit. Still gjerne spørsmålet ditt, eller velg et emne nedenfor."},
        {"fr", "D'accord. Posez votre question, ou choisissez un sujet ci-dessous."}}},
      {SmallTalk::unsure,
       "unsure",
       {{"nl",
         {"weet ik niet", "ik weet het niet", "ik weet niet", "geen idee", "weet niet",
          "geen flauw idee", "ik weet het ook niet", "weet ik veel"}},
        {"en",
         {"i dont know", "dont know", "no idea", "dunno", "not sure", "i have no idea",
          "im not sure", "i am not sure"}},
        {"de", {"weiss nicht", "ich weiss es nicht", "ich weiss nicht", "keine ahnung"}},
        {"da", {"ved ikke", "jeg ved det ikke", "jeg ved ikke", "aner det ikke"}},
        {"sv", {"vet inte", "jag vet inte", "ingen aning"}},
        {"no", {"vet ikke", "jeg vet ikke", "aner ikke"}},
        {"fr", {"je ne sais pas", "aucune idee", "je sais pas"}}},
       {{"nl",
         "Geen probleem. Vertel in een paar woorden waar uw vraag over gaat, of kies hieronder "
         "een onderwerp."},
        {"en",
         "No problem. Tell me in a few words what your question is about, or choose a topic "
         "below."},
        {"de",
         "Kein Problem. Sagen Sie mir in ein paar Worten, worum es in Ihrer Frage geht, oder "
         "wählen Sie unten ein Thema."},
        {"da",
         "Det er helt i orden. Fortæl med få ord, hvad dit spørgsmål handler om, eller vælg et "
         "emne nedenfor."},
        {"sv",
         "Inga problem. Berätta med några ord vad din fråga gäller, eller välj ett ämne nedan."},
        {"no",
         "Ikke noe problem. Fortell med noen få ord hva spørsmålet ditt gjelder, eller velg et "
         "emne nedenfor."},
        {"fr",
         "Pas de problème. Dites-moi en quelques mots de quoi il s'agit, ou choisissez un sujet "
         "ci-dessous."}}},
      {SmallTalk::opener,
       "opener",
       {{"nl",
         {"ik heb een vraag", "ik heb een vraagje", "ik heb een paar vragen", "ik heb wat vragen",
          "mag ik iets vragen", "mag ik u iets vragen", "ik wil iets vragen", "ik wil wat vragen",
          "een vraag", "vraagje", "ik heb een vraag voor u", "ik heb een vraag aan u",
          "kunt u mij helpen", "kun je me helpen", "kunt u me helpen", "ik heb hulp nodig",
          // A word of help alone asks for it, and is no topic yet: "hulp" is not youth care.
          "hulp", "help", "help mij", "help me", "hulp nodig", "ik zoek hulp", "graag hulp",
          "hulp graag", "hallo hulp"}},
        {"en",
         {"i have a question",
          "i have a quick question",
          "i have some questions",
          "i have a few questions",
          "can i ask something",
          "can i ask a question",
          "can i ask you something",
          "quick question",
          "i want to ask something",
          "can you help me",
          "i need help",
          "i need some help",
          "a question",
          "help",
          "help me",
          "help please",
          "please help",
          "please help me",
          "i need assistance",
          "ive got a question",
          "got a question",
          "just a quick question"}},
        {"de",
         {"ich habe eine frage", "ich hatte eine frage", "ich habe ein paar fragen",
          "darf ich etwas fragen", "kann ich etwas fragen", "eine frage", "konnen sie mir helfen",
          "kannst du mir helfen", "ich brauche hilfe", "hilfe", "hilfe bitte", "bitte hilfe",
          "ich hab eine frage", "ich hab ne frage", "ich habe eine kurze frage", "kurze frage",
          "eine kurze frage", "ich hab mal eine frage", "ich habe mal eine frage"}},
        {"da", {"jeg har et sporgsmal", "kan du hjaelpe mig", "hjaelp", "hjaelp mig"}},
        {"sv", {"jag har en fraga", "kan du hjalpa mig", "hjalp", "hjalp mig"}},
        {"no", {"jeg har et sporsmal", "kan du hjelpe meg", "hjelp", "hjelp meg"}},
        {"fr", {"j ai une question", "pouvez vous m aider", "aide", "aidez moi", "a l aide"}}},
       {{"nl", "Natuurlijk. Stel uw vraag maar, in een paar woorden of een hele zin."},
        {"en", "Of course. Go ahead and ask, in a few words or a whole sentence."},
        {"de", "Natürlich. Stellen Sie Ihre Frage, in ein paar Worten oder einem ganzen Satz."},
        {"da", "Selvfølgelig. Stil dit spørgsmål, med få ord eller en hel sætning."},
        {"sv", "Självklart. Ställ din fråga, med några ord eller en hel mening."},
        {"no", "Selvfølgelig. Still spørsmålet ditt, med noen få ord eller en hel setning."},
        {"fr", "Bien sûr. Posez votre question, en quelques mots ou en une phrase."}}},
      {SmallTalk::who_are_you,
       "who-are-you",
       {{"nl",
         {"wie ben jij",
          "wie ben je",
          "wie ben jij eigenlijk",
          "wat ben jij",
          "wat ben je",
          "ben jij een robot",
          "ben je een robot",
          "ben jij een mens",
          "ben je een mens",
          "ben ik met een computer aan het praten",
          "praat ik met een robot",
          "ben jij een chatbot",
          "ben je een bot",
          "wie is dit",
          "met wie spreek ik",
          "met wie praat ik",
          "wat kan je$",
          "wat kan jij$",
          "wat kun je$",
          "wat kun jij$",
          "wat kan je allemaal$",
          "wat kun je allemaal$",
          "wat kan jij allemaal$",
          "waarmee kan je helpen$",
          "waar kun je mee helpen$"}},
        {"en",
         {"who are you", "what are you", "are you a robot", "are you a bot", "are you human",
          "are you a human", "am i talking to a computer", "am i talking to a robot",
          "are you a real person", "is this a bot", "who am i talking to", "are you a chatbot",
          "what can you do$", "what can you help me with$", "what can you help with$"}},
        {"de",
         {"wer bist du", "wer sind sie", "bist du ein roboter", "sind sie ein mensch",
          "bist du ein bot", "was kannst du$", "was konnen sie$", "wobei kannst du helfen$"}},
        {"da", {"hvem er du", "er du en robot", "er du et menneske"}},
        {"sv", {"vem ar du", "ar du en robot", "ar du en manniska"}},
        {"no", {"hvem er du", "er du en robot", "er du et menneske"}},
        {"fr", {"qui es tu", "qui etes vous", "es tu un robot", "etes vous un robot"}}},
       {{"nl",
         "Ik ben de digitale assistent van {municipality}: een computerprogramma, geen "
         "mens. Ik beantwoord vragen over de diensten van de gemeente. Wilt u liever een "
         "medewerker spreken? Dat kan ook."},
        {"en",
         "I am the digital assistant of {municipality}: a computer program, not a person. "
         "I answer questions about the municipality's services. Would you rather talk to a "
         "member of staff? That is possible too."},
        {"de",
         "Ich bin der digitale Assistent von {municipality}: ein Computerprogramm, kein "
         "Mensch. Ich beantworte Fragen zu den Diensten der Gemeinde."},
        {"da",
         "Jeg er den digitale assistent for {municipality}: et computerprogram, ikke et "
         "menneske. Jeg svarer på spørgsmål om kommunens tjenester."},
        {"sv",
         "Jag är den digitala assistenten för {municipality}: ett datorprogram, inte en "
         "människa. Jag svarar på frågor om kommunens tjänster."},
        {"no",
         "Jeg er den digitale assistenten til {municipality}: et dataprogram, ikke et "
         "menneske. Jeg svarer på spørsmål om kommunens tjenester."},
        {"fr",
         "Je suis l'assistant numérique de {municipality} : un programme, pas une "
         "personne. Je réponds aux questions sur les services de la commune."}}},
      {SmallTalk::languages,
       "languages",
       {{"nl",
         {"welke talen spreek je", "welke talen spreekt u", "welke talen ken je",
          "spreek je engels", "spreekt u engels", "spreek je duits", "spreek je nederlands",
          "in welke talen kan ik vragen stellen", "welke taal spreek je",
          "kan ik ook in het engels vragen"}},
        {"en",
         {"which languages do you speak", "what languages do you speak", "do you speak english",
          "do you speak dutch", "do you speak german", "what languages can i use",
          "which languages can i use", "can i write in english", "do you speak other languages",
          "what language do you speak", "speak english"}},
        {"de",
         {"sprechen sie deutsch", "sprichst du deutsch", "welche sprachen sprechen sie",
          "welche sprachen sprichst du", "sprechen sie englisch", "kann ich deutsch schreiben"}},
        {"da", {"taler du dansk", "hvilke sprog taler du", "taler du engelsk"}},
        {"sv", {"talar du svenska", "vilka sprak talar du", "pratar du svenska"}},
        {"no", {"snakker du norsk", "hvilke sprak snakker du", "snakker du engelsk"}},
        {"fr", {"parlez vous francais", "parles tu francais", "quelles langues parlez vous"}}},
       {{"nl", "Ik spreek {languages}. Schrijf uw vraag gerust in een van die talen."},
        {"en", "I speak {languages}. Feel free to write your question in one of those languages."},
        {"de", "Ich spreche {languages}. Schreiben Sie Ihre Frage gern in einer dieser Sprachen."},
        {"da", "Jeg taler {languages}. Skriv gerne dit spørgsmål på et af de sprog."},
        {"sv", "Jag talar {languages}. Skriv gärna din fråga på något av de språken."},
        {"no", "Jeg snakker {languages}. Skriv gjerne spørsmålet ditt på ett av de språkene."},
        {"fr", "Je parle {languages}. Écrivez votre question dans l'une de ces langues."}}},
      {SmallTalk::abuse,
       "abuse",
       {},
       {{"nl",
         "Ik begrijp dat u boos of teleurgesteld bent, en ik wil u graag helpen. Vertel "
         "wat er aan de hand is, of neem contact op met de gemeente via een van de "
         "onderwerpen hieronder."},
        {"en",
         "I understand that you are angry or disappointed, and I would like to help. Tell "
         "me what is going on, or contact the municipality through one of the topics "
         "below."},
        {"de",
         "Ich verstehe, dass Sie verärgert sind, und ich helfe Ihnen gern. Erzählen Sie, "
         "worum es geht, oder wenden Sie sich über eines der Themen unten an die Gemeinde."},
        {"da",
         "Jeg forstår, at du er vred eller skuffet, og jeg vil gerne hjælpe. Fortæl, hvad "
         "der er sket, eller kontakt kommunen via et af emnerne nedenfor."},
        {"sv",
         "Jag förstår att du är arg eller besviken, och jag vill gärna hjälpa till. Berätta "
         "vad som hänt, eller kontakta kommunen via ett av ämnena nedan."},
        {"no",
         "Jeg forstår at du er sint eller skuffet, og jeg vil gjerne hjelpe. Fortell hva "
         "som har skjedd, eller kontakt kommunen via et av emnene nedenfor."},
        {"fr",
         "Je comprends que vous soyez en colère ou déçu, et je voudrais vous aider. "
         "Dites-moi ce qui se passe, ou contactez la commune par l'un des sujets "
         "ci-dessous."}}},
  };
  return kBuiltins;
}

// Words that make a message abuse, whatever else it says; a prefix marks compounds
// ("kutgemeente", "klotezooi"). Kept to words that are abuse in every context.
const std::set<std::string, std::less<>>& abuse_words() {
  static const std::set<std::string, std::less<>> kWords = {
      "kut",       "klote",       "kloten",  "klootzak", "klootzakken", "oplichters",
      "oplichter", "tering",      "tyfus",   "idioot",   "idioten",     "debiel",
      "debielen",  "sukkels",     "fuck",    "fucking",  "fucked",      "shit",
      "idiot",     "idiots",      "morons",  "moron",    "bastards",    "scheisse",
      "arschloch", "arschlocher", "wichser", "lort",     "svin",        "skide"};
  return kWords;
}
constexpr std::array<std::string_view, 5> kAbusePrefixes = {"kut", "klote", "kanker", "tering",
                                                            "fuck"};

bool is_abuse(std::string_view word) {
  if (abuse_words().contains(word)) return true;
  // A compound with more after the prefix: "kankergemeente", not "kanker" (the illness).
  return std::any_of(kAbusePrefixes.begin(), kAbusePrefixes.end(), [&](std::string_view p) {
    return word.size() > p.size() + 2 && word.starts_with(p);
  });
}

// How a phrase's words (single spaces between) line up with a message's: all of it, its start
// ("hallo daar" starts with "hallo"), or not. Compared word by word: no string is built.
enum class Fit { none, whole, start };
Fit fit(std::span<const intents::Token> tokens, std::string_view phrase) {
  std::size_t i = 0;
  while (!phrase.empty()) {
    if (i >= tokens.size()) return Fit::none;
    const std::string_view word = tokens[i++].folded;
    // The token, then a space or the phrase's end: most phrases fail at their first letters.
    if (!phrase.starts_with(word)) return Fit::none;
    if (phrase.size() == word.size()) break;
    if (phrase[word.size()] != ' ') return Fit::none;
    phrase.remove_prefix(word.size() + 1);
  }
  return i == tokens.size() ? Fit::whole : Fit::start;
}

// Whether one of `phrases` stands anywhere in `tokens` ("nee, dat bedoel ik niet").
bool has_phrase(const std::vector<intents::Token>& tokens,
                std::initializer_list<std::string_view> phrases) {
  const std::span<const intents::Token> all(tokens);
  for (std::size_t at = 0; at < all.size(); ++at)
    for (const auto phrase : phrases)
      if (fit(all.subspan(at), phrase) != Fit::none) return true;
  return false;
}

// No phrase has more words than this: longer messages are questions.
constexpr std::size_t kMaxPhraseTokens = 8;
// "Sprechen Sie Deutsch oder Englisch?": a meta question may go on this far.
constexpr std::size_t kMaxGoingOn = 6;

const std::map<SmallTalk, const Builtin*>& by_kind() {
  static const auto kByKind = [] {
    std::map<SmallTalk, const Builtin*> out;
    for (const auto& b : builtins()) out[b.kind] = &b;
    return out;
  }();
  return kByKind;
}

bool any_phrase(const std::vector<intents::Token>& tokens,
                std::initializer_list<std::string_view> phrases, std::size_t max_tokens) {
  if (tokens.empty() || tokens.size() > max_tokens) return false;
  return std::any_of(phrases.begin(), phrases.end(),
                     [&](std::string_view p) { return fit(tokens, p) != Fit::none; });
}

}  // namespace

std::string_view small_talk_id(SmallTalk kind) {
  return by_kind().at(kind)->id;
}

const std::vector<std::string_view>& small_talk_ids() {
  static const auto kIds = [] {
    std::vector<std::string_view> out;
    for (const auto& b : builtins()) out.push_back(b.id);
    out.push_back(kEndDialogue);
    out.push_back(kHandoffIntent);
    out.push_back(kEndHandoffIntent);
    return out;
  }();
  return kIds;
}

namespace {

// One builtin phrase, in the builtins' own order.
struct IndexedPhrase {
  const Builtin* builtin;
  const std::string* lang;
  std::string_view phrase;
};

// The builtin phrases by their first word: every message is tried against small talk, and
// nearly all share a first word with none of them.
const std::unordered_map<std::string_view, std::vector<IndexedPhrase>>& phrases_by_first_word() {
  static const auto kIndex = [] {
    std::unordered_map<std::string_view, std::vector<IndexedPhrase>> out;
    for (const auto& b : builtins())
      for (const auto& [lang, phrases] : b.phrases)
        for (const std::string& p : phrases) {
          std::string_view first(p);
          first = first.substr(0, first.find(' '));
          if (first.ends_with('$')) first.remove_suffix(1);
          out[first].push_back({&b, &lang, p});
        }
    return out;
  }();
  return kIndex;
}

bool says_phrase(const std::vector<intents::Token>& tokens, const Builtin& b, std::string_view p) {
  // "Sprechen Sie Deutsch?", "welke talen spreek je eigenlijk": the question may go on a little.
  const bool may_go_on = b.kind == SmallTalk::greeting || b.kind == SmallTalk::languages ||
                         b.kind == SmallTalk::who_are_you;
  const bool whole_only = p.ends_with('$');
  if (whole_only) p.remove_suffix(1);
  const Fit f = fit(tokens, p);
  if (f == Fit::whole) return true;
  if (f != Fit::start || !may_go_on || whole_only) return false;
  // "hallo daar" is a greeting; "hallo, ik wil een paspoort" is a question.
  const auto words = static_cast<std::size_t>(std::count(p.begin(), p.end(), ' ')) + 1;
  return tokens.size() <= (b.kind == SmallTalk::greeting ? words + 1 : kMaxGoingOn);
}

}  // namespace

std::size_t leading_greeting(const std::vector<intents::Token>& tokens) {
  if (tokens.empty()) return 0;
  const auto& index = phrases_by_first_word();
  const auto candidates = index.find(tokens.front().folded);
  if (candidates == index.end()) return 0;
  std::size_t longest = 0;
  for (const auto& [builtin, lang, phrase] : candidates->second)
    if (builtin->kind == SmallTalk::greeting && fit(tokens, phrase) != Fit::none)
      longest = std::max<std::size_t>(
          longest, static_cast<std::size_t>(std::count(phrase.begin(), phrase.end(), ' ')) + 1);
  return longest;
}

std::optional<SmallTalkMatch> recognise_small_talk(const std::vector<intents::Token>& tokens) {
  if (tokens.empty()) return std::nullopt;
  if (std::any_of(tokens.begin(), tokens.end(), [](const auto& t) { return is_abuse(t.folded); }))
    return SmallTalkMatch{SmallTalk::abuse, {}};
  if (tokens.size() > kMaxPhraseTokens) return std::nullopt;
  const auto& index = phrases_by_first_word();
  const auto candidates = index.find(tokens.front().folded);
  if (candidates == index.end()) return std::nullopt;
  // The first builtin one of whose phrases the message says, in every language it says one in.
  std::optional<SmallTalkMatch> match;
  const Builtin* matched = nullptr;
  for (const auto& [builtin, lang, phrase] : candidates->second) {
    if (matched != nullptr && builtin != matched) break;
    if (!says_phrase(tokens, *builtin, phrase)) continue;
    if (!match) {
      match = SmallTalkMatch{builtin->kind, {}};
      matched = builtin;
    }
    if (match->langs.empty() || match->langs.back() != *lang) match->langs.push_back(*lang);
  }
  return match;
}

const std::string& small_talk_answer(SmallTalk kind, std::string_view lang) {
  return in_language(by_kind().at(kind)->answer, lang);
}

const std::string& sentence(Sentence which, std::string_view lang) {
  static const std::map<Sentence, Texts> kSentences = {
      {Sentence::end_dialogue,
       {{"nl",
         "Goed, ik stop met deze vraag. Waarmee kan ik u verder helpen? Wilt u geen "
         "meldingen meer krijgen, typ dan 'afmelden'."},
        {"en",
         "All right, I have stopped with this question. What else can I help you with? To "
         "stop all alerts, type 'unsubscribe'."},
        {"de", "Gut, ich höre mit dieser Frage auf. Womit kann ich Ihnen sonst helfen?"},
        {"da", "Fint, jeg stopper med dette spørgsmål. Hvad kan jeg ellers hjælpe med?"},
        {"sv", "Okej, jag slutar med den här frågan. Vad mer kan jag hjälpa till med?"},
        {"no", "Greit, jeg slutter med dette spørsmålet. Hva annet kan jeg hjelpe med?"},
        {"fr", "D'accord, j'arrête cette question. Que puis-je faire d'autre pour vous ?"}}},
      {Sentence::dont_know,
       {{"nl", "Geen probleem. {help}"},
        {"en", "No problem. {help}"},
        {"de", "Kein Problem. {help}"},
        {"da", "Intet problem. {help}"},
        {"sv", "Inga problem. {help}"},
        {"no", "Ikke noe problem. {help}"},
        {"fr", "Pas de problème. {help}"}}},
      {Sentence::not_recognised,
       {{"nl", "Dat herken ik niet als antwoord op mijn vraag. {help}"},
        {"en", "I don't recognise that as an answer to my question. {help}"},
        {"de", "Das erkenne ich nicht als Antwort auf meine Frage. {help}"},
        {"da", "Det genkender jeg ikke som svar på mit spørgsmål. {help}"},
        {"sv", "Det känner jag inte igen som svar på min fråga. {help}"},
        {"no", "Det kjenner jeg ikke igjen som svar på spørsmålet mitt. {help}"},
        {"fr", "Je ne reconnais pas cela comme une réponse à ma question. {help}"}}},
      {Sentence::confirm_again,
       {{"nl", "Ik wil het zeker weten voordat ik iets voor u regel: antwoord met ja of nee."},
        {"en", "I want to be sure before I arrange anything for you: please answer yes or no."},
        {"de",
         "Ich möchte sicher sein, bevor ich etwas für Sie erledige: Bitte antworten Sie mit Ja "
         "oder Nein."},
        {"da", "Jeg vil være sikker, før jeg ordner noget for dig: svar venligst ja eller nej."},
        {"sv", "Jag vill vara säker innan jag ordnar något åt dig: svara ja eller nej."},
        {"no", "Jeg vil være sikker før jeg ordner noe for deg: svar ja eller nei."},
        {"fr",
         "Je veux être sûr avant de faire quoi que ce soit pour vous : répondez par oui ou "
         "par non."}}},
      {Sentence::postcode_noted,
       {{"nl", "Dank u, ik onthoud uw postcode {postcode}. Waar gaat uw vraag over?"},
        {"en", "Thank you, I will remember your postcode {postcode}. What is your question about?"},
        {"de", "Danke, ich merke mir Ihre Postleitzahl {postcode}. Worum geht es in Ihrer Frage?"},
        {"da", "Tak, jeg husker dit postnummer {postcode}. Hvad handler dit spørgsmål om?"},
        {"sv", "Tack, jag kommer ihåg ditt postnummer {postcode}. Vad gäller din fråga?"},
        {"no", "Takk, jeg husker postnummeret ditt {postcode}. Hva gjelder spørsmålet ditt?"},
        {"fr",
         "Merci, je retiens votre code postal {postcode}. Quel est le sujet de votre "
         "question ?"}}},
      {Sentence::crisis_again,
       {{"nl",
         "Dat begreep ik niet helemaal, maar ik wil u niet zonder hulp laten. Hier is nog eens "
         "waar u terecht kunt:"},
        {"en",
         "I did not quite understand that, but I do not want to leave you without help. Here "
         "again is where you can turn:"},
        {"de",
         "Das habe ich nicht ganz verstanden, aber ich möchte Sie nicht ohne Hilfe lassen. Hier "
         "noch einmal, wo Sie Hilfe bekommen:"},
        {"da",
         "Det forstod jeg ikke helt, men jeg vil ikke lade dig stå uden hjælp. Her er igen, "
         "hvor du kan få hjælp:"},
        {"sv",
         "Det förstod jag inte riktigt, men jag vill inte lämna dig utan hjälp. Här är igen var "
         "du kan få hjälp:"},
        {"no",
         "Det forsto jeg ikke helt, men jeg vil ikke la deg stå uten hjelp. Her er igjen hvor "
         "du kan få hjelp:"},
        {"fr",
         "Je n'ai pas bien compris, mais je ne veux pas vous laisser sans aide. Voici à nouveau "
         "où vous adresser :"}}},
      {Sentence::whole_answer,
       {{"nl", "Het hele antwoord"},
        {"en", "The full answer"},
        {"de", "Die ganze Antwort"},
        {"da", "Hele svaret"},
        {"sv", "Hela svaret"},
        {"no", "Hele svaret"},
        {"fr", "La réponse complète"}}},
      {Sentence::postcode_letters,
       {{"nl",
         "Ik heb uw hele postcode nodig, met de twee letters erachter (bijvoorbeeld 9701 AB)."},
        {"en",
         "I need your whole postcode, with the two letters after the digits (for example "
         "9701 AB)."},
        {"de",
         "Ich brauche Ihre ganze Postleitzahl, mit den zwei Buchstaben nach den Ziffern "
         "(zum Beispiel 9701 AB)."},
        {"da",
         "Jeg har brug for hele dit postnummer, med de to bogstaver efter tallene (for "
         "eksempel 9701 AB)."},
        {"sv",
         "Jag behöver hela ditt postnummer, med de två bokstäverna efter siffrorna (till "
         "exempel 9701 AB)."},
        {"no",
         "Jeg trenger hele postnummeret ditt, med de to bokstavene etter tallene (for "
         "eksempel 9701 AB)."},
        {"fr",
         "J'ai besoin de votre code postal complet, avec les deux lettres après les "
         "chiffres (par exemple 9701 AB)."}}},
      {Sentence::also_subscribed,
       {{"nl", " U krijgt ook meldingen over: {topics}."},
        {"en", " You also receive alerts about: {topics}."},
        {"de", " Sie erhalten auch Benachrichtigungen über: {topics}."},
        {"da", " Du får også beskeder om: {topics}."},
        {"sv", " Du får också aviseringar om: {topics}."},
        {"no", " Du får også varsler om: {topics}."},
        {"fr", " Vous recevez aussi des alertes sur : {topics}."}}},
      {Sentence::reused_value,
       {{"nl", "(Voor {value}, zoals u eerder schreef. Klopt dat niet, typ dan de juiste.)"},
        {"en", "(For {value}, as you wrote earlier. If that is not right, type the right one.)"},
        {"de",
         "(Für {value}, wie Sie vorhin schrieben. Stimmt das nicht, tippen Sie die "
         "richtige Angabe.)"},
        {"da", "(For {value}, som du skrev tidligere. Passer det ikke, så skriv det rigtige.)"},
        {"sv", "(För {value}, som du skrev tidigare. Stämmer det inte, skriv det rätta.)"},
        {"no", "(For {value}, som du skrev tidligere. Stemmer det ikke, skriv det riktige.)"},
        {"fr",
         "(Pour {value}, comme vous l'avez écrit. Si ce n'est pas exact, tapez la bonne "
         "valeur.)"}}},
      {Sentence::not_in_area,
       {{"nl",
         "Die postcode ligt niet in de gemeente. Controleer uw postcode en probeer het "
         "nog eens."},
        {"en",
         "That postcode is not in the municipality. Please check your postcode and try "
         "again."},
        {"de",
         "Diese Postleitzahl liegt nicht in der Gemeinde. Bitte prüfen Sie sie und "
         "versuchen Sie es noch einmal."},
        {"da", "Det postnummer ligger ikke i kommunen. Kontrollér det, og prøv igen."},
        {"sv", "Det postnumret ligger inte i kommunen. Kontrollera det och försök igen."},
        {"no", "Det postnummeret ligger ikke i kommunen. Kontroller det og prøv igjen."},
        {"fr", "Ce code postal n'est pas dans la commune. Vérifiez-le et réessayez."}}},
      {Sentence::gave_up,
       {{"nl",
         "Het lukt me niet om dit goed te krijgen. Kies hieronder een onderwerp, of "
         "spreek een medewerker."},
        {"en",
         "I can't get this right. Please choose a topic below, or talk to a member of "
         "staff."},
        {"de",
         "Das gelingt mir leider nicht. Wählen Sie unten ein Thema, oder sprechen Sie "
         "mit einem Mitarbeiter."},
        {"da", "Det lykkes mig ikke. Vælg et emne nedenfor, eller tal med en medarbejder."},
        {"sv", "Det lyckas jag inte med. Välj ett ämne nedan, eller prata med en medarbetare."},
        {"no", "Det får jeg ikke til. Velg et emne nedenfor, eller snakk med en medarbeider."},
        {"fr", "Je n'y arrive pas. Choisissez un sujet ci-dessous, ou parlez à un agent."}}},
      {Sentence::confirm_stop_all,
       {{"nl", "Wilt u zich afmelden voor alle meldingen? (ja/nee)"},
        {"en", "Do you want to stop all alerts? (yes/no)"},
        {"de", "Möchten Sie alle Benachrichtigungen abbestellen? (ja/nein)"},
        {"da", "Vil du afmelde alle beskeder? (ja/nej)"},
        {"sv", "Vill du avsluta alla meddelanden? (ja/nej)"},
        {"no", "Vil du avslutte alle varsler? (ja/nei)"},
        {"fr", "Voulez-vous arrêter toutes les alertes ? (oui/non)"}}},
      {Sentence::declined,
       {{"nl", "Goed, dan doe ik dat niet."},
        {"en", "All right, I won't do that."},
        {"de", "Gut, dann mache ich das nicht."},
        {"da", "Fint, så gør jeg det ikke."},
        {"sv", "Okej, då gör jag inte det."},
        {"no", "Greit, da gjør jeg ikke det."},
        {"fr", "D'accord, je ne le fais pas."}}},
      // 112 works all over Europe, whichever language the resident writes in: someone in danger
      // who writes in a language loket does not speak still learns where to turn.
      {Sentence::not_spoken_other,
       {{"nl",
         "Sorry, die taal spreek ik niet. Schrijf mij in het {languages}. Bij nood: bel 112."},
        {"en",
         "Sorry, I do not speak that language. Please write to me in {languages}. In an "
         "emergency, call 112."},
        {"de",
         "Leider spreche ich diese Sprache nicht. Bitte schreiben Sie mir auf {languages}. Im "
         "Notfall: 112 anrufen."},
        {"da",
         "Desværre taler jeg ikke det sprog. Skriv venligst til mig på {languages}. I "
         "nødstilfælde: ring 112."},
        {"sv",
         "Tyvärr talar jag inte det språket. Skriv till mig på {languages}. Vid nödsituation: "
         "ring 112."},
        {"no",
         "Beklager, jeg snakker ikke det språket. Skriv til meg på {languages}. I nødstilfeller: "
         "ring 112."},
        {"fr",
         "Désolé, je ne parle pas cette langue. Écrivez-moi en {languages}, s'il vous "
         "plaît. En cas d'urgence, appelez le 112."}}},
      {Sentence::not_spoken,
       {{"nl",
         "Sorry, ik spreek geen Nederlands. Schrijf mij in het {languages}. Bij nood: bel 112."},
        {"en",
         "Sorry, I don't speak English. Please write to me in {languages}. In an emergency, "
         "call 112."},
        {"fy",
         "Sorry, ik praat gjin Frysk. Skriuw my asjebleaft yn it {languages}. Yn need: skilje "
         "112."},
        {"de",
         "Leider spreche ich kein Deutsch. Bitte schreiben Sie mir auf {languages}. Im Notfall: "
         "112 anrufen."},
        {"da",
         "Jeg taler desværre ikke dansk. Skriv venligst til mig på {languages}. I nødstilfælde: "
         "ring 112."},
        {"sv",
         "Tyvärr talar jag inte svenska. Skriv till mig på {languages}. Vid nödsituation: ring "
         "112."},
        {"no",
         "Beklager, jeg snakker ikke norsk. Skriv til meg på {languages}. I nødstilfeller: ring "
         "112."},
        {"fr",
         "Désolé, je ne parle pas français. Écrivez-moi en {languages}, s'il vous "
         "plaît. En cas d'urgence, appelez le 112."}}},
  };
  return in_language(kSentences.at(which), lang);
}

bool has_own_words(std::string_view lang) {
  static const std::set<std::string, std::less<>> kOwn = {"nl", "en", "fy", "de",
                                                          "da", "sv", "no", "fr"};
  return kOwn.contains(lang);
}

const std::string& where_to_find(std::string_view entity, std::string_view lang) {
  static const std::map<std::string, Texts, std::less<>> kHelp = {
      {"postcode",
       {{"nl",
         "Uw postcode staat op brieven aan uw adres, bijvoorbeeld een brief van de "
         "gemeente of uw energierekening."},
        {"en",
         "Your postcode is on letters sent to your address, for example a letter from the "
         "municipality or your energy bill."},
        {"de",
         "Ihre Postleitzahl steht auf Briefen an Ihre Adresse, zum Beispiel auf einem "
         "Brief der Gemeinde."},
        {"da",
         "Dit postnummer står på breve til din adresse, for eksempel et brev fra "
         "kommunen."},
        {"sv",
         "Ditt postnummer står på brev till din adress, till exempel ett brev från "
         "kommunen."},
        {"no",
         "Postnummeret ditt står på brev til adressen din, for eksempel et brev fra "
         "kommunen."},
        {"fr",
         "Votre code postal figure sur les lettres envoyées à votre adresse, par exemple "
         "une lettre de la commune."}}},
      {"house_number",
       {{"nl", "Uw huisnummer staat op uw voordeur en op brieven aan uw adres."},
        {"en", "Your house number is on your front door and on letters sent to your address."}}},
      {"date",
       {{"nl", "Een datum mag u zo schrijven: 12 maart of 12-03-2027."},
        {"en", "You can write a date like this: 12 March or 12-03-2027."}}},
      {"email",
       {{"nl", "Een e-mailadres ziet er zo uit: naam@voorbeeld.nl."},
        {"en", "An e-mail address looks like this: name@example.com."}}},
      {"phone",
       {{"nl", "Een telefoonnummer schrijft u zo: 06 12345678 of 050 1234567."},
        {"en", "You can write a phone number like this: 06 12345678 or +31 50 1234567."}}},
  };
  auto it = kHelp.find(entity);
  if (it == kHelp.end()) it = kHelp.find("postcode");
  return in_language(it->second, lang);
}

std::string language_list(const std::vector<std::string>& codes, std::string_view lang,
                          bool either) {
  // Each language's name in each language loket speaks.
  static const std::map<std::string, Texts, std::less<>> kNames = {
      {"nl",
       {{"nl", "Nederlands"},
        {"en", "Dutch"},
        {"de", "Niederländisch"},
        {"da", "nederlandsk"},
        {"sv", "nederländska"},
        {"no", "nederlandsk"},
        {"fr", "néerlandais"}}},
      {"en",
       {{"nl", "Engels"},
        {"en", "English"},
        {"de", "Englisch"},
        {"da", "engelsk"},
        {"sv", "engelska"},
        {"no", "engelsk"},
        {"fr", "anglais"}}},
      {"de",
       {{"nl", "Duits"},
        {"en", "German"},
        {"de", "Deutsch"},
        {"da", "tysk"},
        {"sv", "tyska"},
        {"no", "tysk"},
        {"fr", "allemand"}}},
      {"da",
       {{"nl", "Deens"},
        {"en", "Danish"},
        {"de", "Dänisch"},
        {"da", "dansk"},
        {"sv", "danska"},
        {"no", "dansk"},
        {"fr", "danois"}}},
      {"sv",
       {{"nl", "Zweeds"},
        {"en", "Swedish"},
        {"de", "Schwedisch"},
        {"da", "svensk"},
        {"sv", "svenska"},
        {"no", "svensk"},
        {"fr", "suédois"}}},
      {"no",
       {{"nl", "Noors"},
        {"en", "Norwegian"},
        {"de", "Norwegisch"},
        {"da", "norsk"},
        {"sv", "norska"},
        {"no", "norsk"},
        {"fr", "norvégien"}}},
      {"fr",
       {{"nl", "Frans"},
        {"en", "French"},
        {"de", "Französisch"},
        {"da", "fransk"},
        {"sv", "franska"},
        {"no", "fransk"},
        {"fr", "français"}}},
  };
  static const Texts kAnd = {{"nl", " en "},  {"en", " and "}, {"de", " und "}, {"da", " og "},
                             {"sv", " och "}, {"no", " og "},  {"fr", " et "}};
  static const Texts kOr = {{"nl", " of "},    {"en", " or "},    {"de", " oder "},
                            {"da", " eller "}, {"sv", " eller "}, {"no", " eller "},
                            {"fr", " ou "}};
  std::vector<std::string> names;
  for (const auto& code : codes)
    if (auto it = kNames.find(code); it != kNames.end())
      names.push_back(in_language(it->second, lang));
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0)
      out += i + 1 == names.size() ? in_language(either ? kOr : kAnd, lang) : std::string(", ");
    out += names[i];
  }
  return out;
}

bool says_dont_know(const std::vector<intents::Token>& tokens) {
  // At a prompt the message may go on ("weet ik niet precies"): the phrase need only start it.
  if (tokens.empty() || tokens.size() > 6) return false;
  for (const auto& [lang, phrases] : by_kind().at(SmallTalk::unsure)->phrases)
    for (const auto& p : phrases)
      if (fit(tokens, p) != Fit::none) return true;
  return false;
}

std::optional<std::string> asked_language(const std::vector<intents::Token>& tokens) {
  if (tokens.empty() || tokens.size() > 9) return std::nullopt;
  // Language names as written in the languages loket knows, folded.
  static const std::map<std::string, std::string, std::less<>> kNames = {
      {"english", "en"},        {"engels", "en"},     {"englisch", "en"},    {"engelsk", "en"},
      {"engelska", "en"},       {"anglais", "en"},    {"dutch", "nl"},       {"nederlands", "nl"},
      {"niederlandisch", "nl"}, {"hollands", "nl"},   {"nederlandsk", "nl"}, {"nederlandska", "nl"},
      {"neerlandais", "nl"},    {"german", "de"},     {"duits", "de"},       {"deutsch", "de"},
      {"tysk", "de"},           {"tyska", "de"},      {"allemand", "de"},    {"danish", "da"},
      {"deens", "da"},          {"danisch", "da"},    {"dansk", "da"},       {"danska", "da"},
      {"danois", "da"},         {"swedish", "sv"},    {"zweeds", "sv"},      {"schwedisch", "sv"},
      {"svensk", "sv"},         {"svenska", "sv"},    {"suedois", "sv"},     {"norwegian", "no"},
      {"noors", "no"},          {"norwegisch", "no"}, {"norsk", "no"},       {"norska", "no"},
      {"norvegien", "no"},      {"french", "fr"},     {"frans", "fr"},       {"franzosisch", "fr"},
      {"fransk", "fr"},         {"franska", "fr"},    {"francais", "fr"},    {"frysk", "fy"},
      {"frisian", "fy"},        {"friesisch", "fy"}};
  // The words around a language name when asking for it, and nothing a question is made of.
  static const std::set<std::string, std::less<>> kAround = {
      "and",      "in",      "please", "pls",     "en",      "het",      "auf",         "und",
      "op",       "graag",   "bitte",  "can",     "could",   "you",      "say",         "that",
      "it",       "kan",     "dat",    "ook",     "the",     "again",    "also",        "this",
      "dit",      "pa",      "i",      "och",     "og",      "et",       "svp",         "mal",
      "auch",     "nog",     "een",    "keer",    "now",     "nu",       "jetzt",       "answer",
      "antwoord", "antwort", "write",  "schrijf", "sie",     "mir",      "me",          "mij",
      "do",       "dan",     "die",    "das",     "sagen",   "zeggen",   "tell",        "repeat",
      "herhaal",  "once",    "more",   "s",       "il",      "sil",      "vous",        "plait",
      "sorry",    "kunt",    "u",      "would",   "konnten", "konnen",   "wiederholen", "noch",
      "einmal",   "speak",   "spreek", "spreekt", "spreken", "sprechen", "talk",        "je",
      "du",       "tale",    "taler",  "snakke",  "snakker", "prata",    "pratar",      "talar",
      "parlez",   "verder",  "weiter", "continue"};
  std::optional<std::string> asked;
  for (const auto& t : tokens) {
    if (const auto name = kNames.find(t.folded); name != kNames.end()) {
      if (asked && *asked != name->second) return std::nullopt;  // "Dutch or English?"
      asked = name->second;
    } else if (!kAround.contains(t.folded)) {
      return std::nullopt;
    }
  }
  return asked;
}

bool asks_only_about_an_aspect(const std::vector<intents::Token>& tokens) {
  static const std::set<std::string, std::less<>> kAspects = {
      "kosten",  "kost",   "prijs", "tarief", "waar",    "wanneer", "hoeveel", "hoelang", "online",
      "cost",    "costs",  "price", "fee",    "where",   "when",    "much",    "long",    "preis",
      "gebühr",  "gebuhr", "wo",    "wann",   "wieviel", "pris",    "koster",  "hvor",    "hvornår",
      "hvornar", "var",    "när",   "nar",    "kostar",  "lang",    "viel"};
  static const std::set<std::string, std::less<>> kAround = {
      "de",  "het",  "dan", "en", "the", "then", "and",  "how", "die", "der", "das",
      "und", "denn", "og",  "så", "och", "wat",  "what", "was", "hoe", "wie"};
  return !tokens.empty() && tokens.size() <= 3 &&
         std::any_of(tokens.begin(), tokens.end(),
                     [](const auto& t) { return kAspects.contains(t.folded); }) &&
         std::all_of(tokens.begin(), tokens.end(), [](const auto& t) {
           return kAspects.contains(t.folded) || kAround.contains(t.folded);
         });
}

namespace {
const std::set<std::string, std::less<>>& opening_words() {
  static const std::set<std::string, std::less<>> kOpen = {
      "open",           "geopend", "openingstijden", "openingstijd", "openingsuren",
      "opening",        "offen",   "geoffnet",       "geöffnet",     "offnungszeiten",
      "öffnungszeiten", "aben",    "åben",           "abningstider", "åbningstider"};
  return kOpen;
}
}  // namespace

bool mentions_opening(const std::vector<intents::Token>& tokens) {
  return std::any_of(tokens.begin(), tokens.end(),
                     [](const auto& t) { return opening_words().contains(t.folded); });
}

bool asks_only_when_open(const std::vector<intents::Token>& tokens) {
  static const std::set<std::string, std::less<>> kAround = {
      "op",       "hoe",      "laat",     "is",      "zijn",    "jullie",   "ook",       "nog",
      "vandaag",  "morgen",   "weekend",  "in",      "het",     "de",       "tot",       "wanneer",
      "wat",      "zaterdag", "zondag",   "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
      "avond",    "savonds",  "s",        "avonds",  "on",      "the",      "at",        "what",
      "are",      "today",    "tomorrow", "hours",   "times",   "time",     "until",     "when",
      "saturday", "sunday",   "monday",   "friday",  "evening", "am",       "heute",     "wann",
      "wie",      "lange",    "hat",      "ist",     "sind",    "bis",      "samstag",   "sonntag",
      "montag",   "freitag",  "abend",    "hvornar", "hvornår", "lordag",   "lørdag",    "sondag",
      "søndag",   "er",       "i",        "dag",     "til"};
  return !tokens.empty() && tokens.size() <= 5 && mentions_opening(tokens) &&
         std::all_of(tokens.begin(), tokens.end(), [](const auto& t) {
           return opening_words().contains(t.folded) || kAround.contains(t.folded);
         });
}

// "dat klopt niet", "that's wrong" in a longer message speak of the resident's matter ("mijn
// WOZ-waarde is te hoog, dat klopt niet"); there only the phrases about what was meant speak of
// the answer.
constexpr std::size_t kMaxPlainRejectionTokens = 8;

bool says_the_answer_was_wrong(const std::vector<intents::Token>& tokens) {
  if (tokens.size() > kMaxPlainRejectionTokens)
    return has_phrase(tokens, {"dat is het niet", "dat bedoel ik niet", "niet wat ik bedoel",
                               "niet wat ik vroeg", "not what i meant", "not what i asked",
                               "das meine ich nicht", "nicht was ich meine"});
  return has_phrase(
      tokens, {"dat is het niet", "dat bedoel ik niet", "dat klopt niet", "niet wat ik bedoel",
               "niet wat ik vroeg", "thats not it", "that is not it", "not what i meant",
               "not what i asked", "thats wrong", "das meine ich nicht", "das ist es nicht",
               "das stimmt nicht", "nicht was ich meine"});
}

bool rejects_the_answer(const std::vector<intents::Token>& tokens) {
  return tokens.size() <= kMaxPlainRejectionTokens && says_the_answer_was_wrong(tokens);
}

bool calls_off_the_question(const std::vector<intents::Token>& tokens) {
  return tokens.size() <= 5 &&
         has_phrase(tokens, {"laat maar",   "toch maar niet", "toch niet",   "hoeft niet meer",
                             "vergeet het", "nee bedankt",    "nee dank je", "nee dank u",
                             "annuleren",   "never mind",     "nevermind",   "forget it",
                             "no thanks",   "no thank you",   "cancel",      "schon gut",
                             "vergiss es",  "lass mal",       "doch nicht",  "nein danke",
                             "abbrechen"});
}

constexpr std::size_t kMinWordsOfAnAngryQuestion = 3;

std::vector<intents::Token> without_swearing(const std::vector<intents::Token>& tokens) {
  // Calling someone names ("oplichters", "idiots"), or swearing at "you", is an insult: there is
  // no question to take from it.
  static const std::set<std::string, std::less<>> kNames = {
      "klootzak", "klootzakken", "oplichters", "oplichter",   "idioot",  "idioten",
      "debiel",   "debielen",    "sukkels",    "idiot",       "idiots",  "morons",
      "moron",    "bastards",    "arschloch",  "arschlocher", "wichser", "svin"};
  static const std::set<std::string, std::less<>> kYou = {
      "jullie", "jij", "je", "jou", "you", "ihr", "du", "dich", "dir", "euch", "dig", "jer"};
  std::vector<intents::Token> rest;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string& word = tokens[i].folded;
    if (kNames.contains(word)) return {};
    // "fuck you", "jullie kutgemeente": the swearing is at someone. "waarom hebben jullie de
    // kut container niet geleegd" asks the municipality something.
    if (is_abuse(word) && ((i > 0 && kYou.contains(tokens[i - 1].folded)) ||
                           (i + 1 < tokens.size() && kYou.contains(tokens[i + 1].folded))))
      return {};
    if (!is_abuse(word)) rest.push_back(tokens[i]);
  }
  // Two words left ("jullie zijn" of "jullie zijn kut") ask nothing.
  if (rest.size() < kMinWordsOfAnAngryQuestion) return {};
  return rest;
}

bool is_correction(const std::vector<intents::Token>& tokens) {
  // Word pairs, not words: German "meine" is also "my", Danish "mener" also "think".
  static const std::set<std::pair<std::string_view, std::string_view>> kCorrecting = {
      {"bedoel", "ik"},  {"ik", "bedoel"}, {"ik", "bedoelde"}, {"i", "meant"},
      {"ich", "meinte"}, {"ich", "meine"}, {"jeg", "mente"},   {"jag", "menade"}};
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i)
    if (kCorrecting.contains({tokens[i].folded, tokens[i + 1].folded})) return true;
  return false;
}

bool is_follow_up(const std::vector<intents::Token>& tokens) {
  if (tokens.empty() || tokens.size() > 8 || rejects_the_answer(tokens)) return false;
  // Questions of their own that end in "it": the time, how one is.
  if (has_phrase(tokens, {"hoe laat is het", "hoe gaat het", "hoe is het", "what time is it",
                          "how is it going", "wie spat ist es", "wie spät ist es", "wie geht es"}))
    return false;
  // "kosten?", "waar dan?", "how much?": only what is asked about, not about what.
  if (asks_only_about_an_aspect(tokens) || asks_only_when_open(tokens)) return true;
  if (tokens.size() < 2) return false;
  static const std::set<std::string, std::less<>> kStarts = {"en",  "and", "und", "og",
                                                             "och", "et",  "ook", "also"};
  if (kStarts.contains(tokens.front().folded)) return true;
  if (any_phrase(tokens, {"what about", "how about", "hoe zit het met"}, 8)) return true;
  // A correction ("nee sorry, 9702 CD bedoel ik", "I meant ..."): the question before, changed.
  if (is_correction(tokens)) return true;
  // "hoe lang duurt dat?", "what does it cost", "waar kan ik hem ophalen?": short, and pointing
  // back at something.
  static const std::set<std::string, std::less<>> kPointingBack = {
      "dat",  "dit",   "daar", "ervoor", "erover", "daarvoor", "hem",  "that",
      "this", "those", "them", "there",  "dies",   "det",      "dette"};
  // "how do I get a new one", "hoe krijg ik een nieuwe?", "wo bekomme ich einen neuen?": an
  // adjective with no noun after it stands for the thing asked about before. English "one" is
  // that noun anywhere ("how much does a new one cost"); the Dutch and German adjective has none
  // only at the end ("een nieuwe container" names its own).
  static const std::set<std::pair<std::string_view, std::string_view>> kNounless = {
      {"een", "nieuwe"}, {"een", "andere"}, {"een", "nieuw"},
      {"ein", "neues"},  {"eine", "neue"},  {"einen", "neuen"}};
  if (kNounless.contains({tokens[tokens.size() - 2].folded, tokens.back().folded})) return true;
  for (std::size_t i = 1; i < tokens.size(); ++i)
    if ((tokens[i - 1].folded == "new" || tokens[i - 1].folded == "other") &&
        tokens[i].folded == "one")
      return true;
  // How long it takes until the resident gets or sees something: "hoe lang duurt het voordat ik
  // antwoord krijg?", "voor ze komen" (not "hoe lang duurt het om te trouwen" or "tot de
  // kermis", questions of their own).
  static const std::set<std::string, std::less<>> kUntil = {"voordat", "voor", "tot", "bis", "ehe"};
  static const std::set<std::string, std::less<>> kWho = {"ik", "we", "wij", "ze",  "zij",
                                                          "u",  "je", "ich", "wir", "sie"};
  for (std::size_t i = 1; i + 3 < tokens.size(); ++i)
    if ((tokens[i].folded == "duurt" || tokens[i].folded == "dauert") &&
        (tokens[i + 1].folded == "het" || tokens[i + 1].folded == "es") &&
        kUntil.contains(tokens[i + 2].folded) && kWho.contains(tokens[i + 3].folded))
      return true;
  // "moet ik een foto meenemen?", "do I need to bring a photo?": what to bring for it.
  // Not "mag ik mijn hond meenemen?": whether something is allowed is a question of its own.
  static const std::set<std::string, std::less<>> kMust = {"moet", "moeten", "muss",   "mussen",
                                                           "do",   "must",   "should", "need"};
  static const std::set<std::string, std::less<>> kBring = {"meenemen", "mitbringen", "mitnehmen",
                                                            "bring"};
  // "moet ik zelf aangifte doen?", "muss ich selbst hin?": who does what the topic before needs.
  static const std::set<std::string, std::less<>> kSelf = {"zelf", "selbst", "selber", "myself"};
  if (kMust.contains(tokens.front().folded) &&
      std::any_of(tokens.begin(), tokens.end(), [](const intents::Token& t) {
        return kBring.contains(t.folded) || kSelf.contains(t.folded);
      }))
    return true;
  if (tokens.size() > 6) return false;
  // How far ahead, from what age: a detail of the thing asked about before ("hoe lang van
  // tevoren?" after moving house, "vanaf welke leeftijd?" after school).
  if (has_phrase(tokens, {"van tevoren", "in advance", "im voraus", "welke leeftijd", "what age",
                          "welchem alter"}))
    return true;
  // A detail of whatever was asked before, with no subject of its own: "wat moet ik meenemen?"
  // after the passport, "where do I go?" after the wedding.
  if (has_phrase(
          tokens,
          {"wat moet ik meenemen", "wat neem ik mee", "waar moet ik zijn", "waar moet ik heen",
           "waar moet ik naartoe", "what do i need to bring", "what should i bring",
           "what do i bring", "where do i go", "where do i have to go", "where should i go",
           "was muss ich mitbringen", "was soll ich mitbringen", "was muss ich mitnehmen",
           "was brauche ich", "wo muss ich hin", "wohin muss ich",
           // How much time there is, how much one gets: "hoe lang heb ik?" after a birth.
           "hoe lang heb ik", "hoeveel tijd heb ik", "tot wanneer", "hoeveel krijg ik",
           "how long do i have", "how much time do i have", "until when", "how much do i get",
           "wie lange habe ich", "bis wann", "wie viel bekomme ich",
           // Whom to call about it: "wie moet ik bellen?" after a worry about a neighbour.
           "wie moet ik bellen", "wie kan ik bellen", "welk nummer bel ik", "who do i call",
           "who should i call", "who can i call", "wen soll ich anrufen", "wen kann ich anrufen"}))
    return true;
  // Dutch "die" (and "hij") points back after a verb ("is die zaterdag open?", "hoe lang is hij
  // geldig?");
  // after a noun it begins a clause ("de container die kapot is"), and elsewhere it is German
  // ("Die Tonne ist kaputt", "was die Gemeinde macht") or English ("I want to die"). Only Dutch
  // verbs that are none in those.
  static const std::set<std::string, std::less<>> kVerbsBeforeDie = {
      "is", "zijn", "kost", "kosten", "gaat", "moet", "kan", "wordt", "ligt", "zit"};
  for (std::size_t i = 1; i < tokens.size(); ++i)
    if ((tokens[i].folded == "die" || tokens[i].folded == "hij") &&
        kVerbsBeforeDie.contains(tokens[i - 1].folded))
      return true;
  // German "er" after a verb stands for the thing ("wie lange ist er gültig?", "was kostet
  // er?"); Dutch "er" follows Dutch verbs ("is er ...?"), so only German ones count.
  static const std::set<std::string, std::less<>> kVerbsBeforeEr = {"ist", "kostet", "wird", "muss",
                                                                    "kann"};
  for (std::size_t i = 1; i < tokens.size(); ++i)
    if (tokens[i].folded == "er" && kVerbsBeforeEr.contains(tokens[i - 1].folded)) return true;
  // German "der", "die", "den" right after the verb that opens a question stand for the thing:
  // "gilt der auch für ein zweites Auto?", "kostet die was?". Before a noun they are its article
  // ("ist die Tonne kaputt?"), so only at the end or before a particle.
  static const std::set<std::string, std::less<>> kOpeningVerbs = {
      "gilt", "kostet", "ist", "kann", "muss", "wird", "geht", "dauert", "gibt"};
  static const std::set<std::string, std::less<>> kDemonstratives = {"der", "die", "den", "dem"};
  static const std::set<std::string, std::less<>> kParticlesAfter = {
      "auch", "noch", "schon", "denn", "wirklich", "was",   "etwas", "jetzt",
      "dann", "für",  "fur",   "fuer", "ab",       "lange", "nur",   "online"};
  if (kOpeningVerbs.contains(tokens[0].folded) && kDemonstratives.contains(tokens[1].folded) &&
      (tokens.size() == 2 || kParticlesAfter.contains(tokens[2].folded)))
    return true;
  // "kann mein Kind auch einen bekommen?", "kan mijn dochter ook een krijgen?", "can my son get
  // one too?": "one" with no noun, just before a verb of getting that ends the question (or
  // after it). Not "hoe meld ik een overlijden?", whose noun ends in -en too.
  static const std::set<std::string, std::less<>> kOneWithoutNoun = {"een", "einen", "eine", "eins",
                                                                     "einer"};
  static const std::set<std::string, std::less<>> kGetting = {
      "krijgen",  "aanvragen",  "halen", "ophalen", "hebben", "bestellen", "kopen",
      "bekommen", "beantragen", "holen", "abholen", "haben",  "kaufen",    "kriegen"};
  static const std::set<std::string, std::less<>> kGetOne = {"get",   "have",  "need", "order",
                                                             "apply", "renew", "buy"};
  const std::string& last = tokens.back().folded;
  if (kOneWithoutNoun.contains(tokens[tokens.size() - 2].folded) && kGetting.contains(last))
    return true;
  for (std::size_t i = 1; i < tokens.size(); ++i)
    if (tokens[i].folded == "one" && kGetOne.contains(tokens[i - 1].folded) &&
        (i + 1 == tokens.size() || tokens[i + 1].folded == "too" || tokens[i + 1].folded == "as" ||
         tokens[i + 1].folded == "also"))
      return true;
  // ... and before a verb's particle at the end: "hoe vraag ik die aan?", "waar haal ik die op?".
  static const std::set<std::string, std::less<>> kParticles = {"aan", "op", "af", "uit", "in"};
  if (tokens.size() >= 3 && tokens[tokens.size() - 2].folded == "die" &&
      kParticles.contains(tokens.back().folded))
    return true;
  // "het", "it", "das" and "es" point back at the end or before a particle ("kan het online?",
  // "pick it up", "was kostet das?"); elsewhere they are an article or stand for nothing ("het
  // paspoort", "it is about my bin", "wo ist das Rathaus", "es geht um ...").
  // "'t" and "t" are how "het" is typed in a hurry ("wat kost t").
  static const std::set<std::string, std::less<>> kIt = {"het", "t", "it", "das", "es"};
  static const std::set<std::string, std::less<>> kAfterIt = {
      "op", "af", "aan", "in", "uit", "online", "ook", "nog", "wel", "dan", "precies", "ongeveer",
      "up", "off", "back", "on", "too", "also", "auch", "noch", "ab", "an", "zurück",
      // What it is or does: "is het open?", "what does it cost", "ist es kostenlos?".
      "open", "dicht", "gratis", "geldig", "closed", "free", "valid", "cost", "costs", "take",
      "takes", "offen", "geschlossen", "kostenlos", "gültig", "gultig",
      // Who does it: "moet ik het zelf melden?", "muss ich das selbst melden?".
      "zelf", "selbst", "selber", "myself"};
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (kPointingBack.contains(tokens[i].folded)) return true;
    if (kIt.contains(tokens[i].folded) &&
        (i + 1 == tokens.size() || kAfterIt.contains(tokens[i + 1].folded)))
      return true;
  }
  return false;
}

bool is_stop_word(const std::vector<intents::Token>& tokens) {
  return tokens.size() == 1 && (tokens[0].folded == "stop" || tokens[0].folded == "stopp" ||
                                tokens[0].folded == "stoppen" || tokens[0].folded == "halt");
}

}  // namespace loket::dialogue
