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
      // Languages loket does not speak, to recognise them and say which it does.
      {"¿Cómo solicito un pasaporte nuevo y cuánto cuesta? ¿Cuándo recogen mi basura? Quiero "
       "comunicar mi mudanza al ayuntamiento. ¿Dónde puedo solicitar un permiso de aparcamiento? "
       "Mi contenedor no fue vaciado. ¿Tengo derecho a una ayuda? ¿Cuál es el horario del "
       "ayuntamiento? Quiero pedir una cita. ¿Me puede ayudar, por favor? No lo entiendo.",
       "es"},
      {"Come posso richiedere un nuovo passaporto e quanto costa? Quando viene ritirata la mia "
       "spazzatura? Voglio comunicare il mio trasloco al comune. Dove posso richiedere un "
       "permesso di parcheggio? Il mio bidone non è stato svuotato. Ho diritto a un sussidio? "
       "Quali sono gli orari di apertura del municipio? Vorrei un appuntamento. Mi può aiutare?",
       "it"},
      {"Como peço um passaporte novo e quanto custa? Quando é recolhido o meu lixo? Quero "
       "comunicar a minha mudança à câmara municipal. Onde posso pedir uma licença de "
       "estacionamento? O meu contentor não foi esvaziado. Tenho direito a um subsídio? Qual é o "
       "horário da câmara? Quero marcar uma consulta. Pode ajudar-me, por favor? Não percebo.",
       "pt"},
      {"Jak złożyć wniosek o nowy paszport i ile to kosztuje? Kiedy odbierane są moje śmieci? "
       "Chcę zgłosić przeprowadzkę w urzędzie gminy. Gdzie mogę złożyć wniosek o pozwolenie na "
       "parkowanie? Mój pojemnik nie został opróżniony. Czy mam prawo do dodatku? Jakie są "
       "godziny otwarcia urzędu? Chcę umówić się na wizytę. Czy może mi pan pomóc? Nie rozumiem. "
       "Dzień dobry, mam pytanie.",
       "pl"},
      {"Yeni bir pasaport için nasıl başvururum ve ne kadar tutar? Çöplerim ne zaman toplanıyor? "
       "Taşındığımı belediyeye bildirmek istiyorum. Park izni için nereye başvurabilirim? Çöp "
       "kutum boşaltılmadı. Yardım almaya hakkım var mı? Belediyenin çalışma saatleri nedir? "
       "Randevu almak istiyorum. Bana yardım edebilir misiniz? Anlamıyorum. Merhaba, bir sorum "
       "var.",
       "tr"},
      {"Как подать заявление на новый паспорт и сколько это стоит? Когда вывозят мой мусор? Я "
       "хочу сообщить о переезде в муниципалитет. Где можно получить разрешение на парковку? Мой "
       "контейнер не опорожнили. Имею ли я право на пособие? Когда открыта мэрия? Я хочу "
       "записаться на приём. Вы можете мне помочь? Я не понимаю. Здравствуйте, у меня вопрос.",
       "ru"},
      {"Як подати заяву на новий паспорт і скільки це коштує? Коли вивозять моє сміття? Я хочу "
       "повідомити муніципалітет про переїзд. Де можна отримати дозвіл на паркування? Мій "
       "контейнер не спорожнили. Чи маю я право на допомогу? Коли працює ратуша? Я хочу "
       "записатися на прийом. Чи можете ви мені допомогти? Я не розумію. Добрий день, у мене "
       "питання.",
       "uk"},
      {"كيف أقدم طلبا للحصول على جواز سفر جديد وكم يكلف؟ متى يتم جمع القمامة؟ أريد الإبلاغ عن "
       "انتقالي إلى البلدية. أين يمكنني طلب تصريح وقوف السيارات؟ لم يتم إفراغ حاويتي. هل يحق لي "
       "الحصول على إعانة؟ ما هي مواعيد عمل البلدية؟ أريد حجز موعد. هل يمكنك مساعدتي؟ لا أفهم. "
       "مرحبا، لدي سؤال.",
       "ar"},
  };
  return kSamples;
}

}  // namespace loket::dialogue
