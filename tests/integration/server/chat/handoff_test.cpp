// Handing a resident to a person over the real server and PostgreSQL: the offer and the queue,
// a staff member taking the conversation (exactly one of two), replies both ways (the resident's
// WebSocket live, a REST client by fetching), loket staying quiet meanwhile, hand-back to the
// bot, closing, a callback request outside office hours, the errors of the staff API, and a
// resident on one instance with the staff member on another.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <future>

#include "chat_socket.h"
#include "server_process.h"
#include "session_names.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kAdmin = "handoff-admin-token";
constexpr const char* kSessionSecret = "handoff-test-session-secret-of-32-characters-or-more";

std::string handoff_yaml(const std::string& hours) {
  std::string days;
  for (const char* day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
    days += std::string("    ") + day + ": \"" + hours + "\"\n";
  return std::string(kNoChatLimitsYaml) +
         "handoff:\n  after_fallbacks: 2\n  display_name: Gemeente Testdorp\n  office_hours:\n"
         "    time_zone: Europe/Amsterdam\n" +
         days;
}

class Handoff : public ::testing::Test {
 protected:
  void start(const std::string& hours = "00:00-24:00") {
    server_ = std::make_unique<ServerProcess>(
        handoff_yaml(hours), ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()},
                                                        {"LOKET_ADMIN_TOKEN", kAdmin},
                                                        {"LOKET_SESSION_SECRET", kSessionSecret}});
    ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 10s)) << server_->log();
  }
  std::string token(const std::string& role, const std::string& name) {
    auto r = run_loket("token create --role " + role + " --name " + name +
                           " --config " LOKET_EXAMPLE_CONTENT "/../loket.yaml",
                       {{"LOKET_DATABASE_URL", db_.url()}});
    EXPECT_EQ(0, r.status) << r.out;
    auto last = r.out.substr(0, r.out.size() - 1);
    return last.substr(last.rfind('\n') + 1);
  }
  json::object chat(const std::string& session, const std::string& field, const std::string& value,
                    unsigned short port = 0) {
    auto r = http_request(
        port ? port : server_->port(), http::verb::post, "/api/v1/chat",
        names_.request(json::serialize(json::object{{"session", session}, {field, value}})));
    names_.learn(r.body);
    EXPECT_EQ(200u, r.status) << r.body;
    return json::parse(r.body).as_object();
  }
  HttpReply staff(const std::string& token, http::verb method, const std::string& path,
                  const std::string& body = "", unsigned short port = 0) {
    return staff_request(port ? port : server_->port(), token, method, path, body);
  }
  static std::string text_of(const json::object& reply) {
    std::string out;
    for (const auto& m : reply.at("messages").as_array())
      out += std::string(m.at("text").as_string()) + "\n";
    return out;
  }
  std::int64_t waiting_id() {
    auto list = staff(kAdmin, http::verb::get, "handoffs?status=waiting");
    EXPECT_EQ(200u, list.status) << list.body;
    const json::value parsed = json::parse(list.body);
    const auto& all = parsed.at("handoffs").as_array();
    EXPECT_FALSE(all.empty()) << list.body;
    return all.empty() ? 0 : all.back().at("id").as_int64();
  }

  TestDatabase db_;
  std::unique_ptr<ServerProcess> server_;
  SessionNames names_;
};

TEST_F(Handoff, AResidentAndAStaffMemberTalkUntilTheBotTakesOver) {
  start();
  const std::string anna = token("agent", "Anna");
  const std::string bram = token("agent", "Bram");
  auto offer = chat("res", "text", "ik wil een medewerker spreken");
  EXPECT_EQ("offered", offer.at("handoff").at("status"));
  EXPECT_EQ("handoff", offer.at("suggestions").at(0).at("intent"));
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM handoffs")) << "offered, not started";

  ChatSocket socket(server_->port(), &names_);
  auto queued = socket.exchange(R"({"session":"res","intent":"handoff"})");
  ASSERT_EQ("waiting", queued.at("handoff").at("status")) << json::serialize(queued);
  EXPECT_EQ(1, queued.at("handoff").at("position").as_int64());
  EXPECT_EQ(180, queued.at("handoff").at("expected_wait_s").as_int64());
  EXPECT_NE(std::string::npos, text_of(queued).find("nummer 1")) << text_of(queued);

  // The staff member sees the waiting conversation, with the session and what came before.
  const std::int64_t id = waiting_id();
  ASSERT_GT(id, 0);
  auto list = json::parse(staff(anna, http::verb::get, "handoffs?status=waiting").body);
  EXPECT_EQ(names_["res"], list.at("handoffs").at(0).at("session").as_string());
  auto detail = json::parse(staff(anna, http::verb::get, "handoffs/" + std::to_string(id)).body);
  EXPECT_EQ("ik wil een medewerker spreken", detail.at("messages").at(0).at("text").as_string());
  EXPECT_EQ("resident", detail.at("messages").at(0).at("from").as_string());

  // While waiting, loket passes the resident's words on and answers nothing itself.
  auto meanwhile =
      socket.exchange(R"({"session":"res","text":"wanneer is het gemeentehuis open"})");
  EXPECT_EQ("waiting", meanwhile.at("handoff").at("status"));
  EXPECT_NE(std::string::npos, text_of(meanwhile).find("doorgegeven")) << text_of(meanwhile);
  EXPECT_EQ(std::string::npos, text_of(meanwhile).find("0800 0113"));
  // Nobody reads the queue yet: a crisis gets its help lines at once, and is passed on too.
  auto crisis = socket.exchange(R"({"session":"res","text":"ik zie het niet meer zitten"})");
  EXPECT_EQ("waiting", crisis.at("handoff").at("status"));
  EXPECT_NE(std::string::npos, text_of(crisis).find("0800 0113")) << text_of(crisis);
  EXPECT_NE(std::string::npos, text_of(crisis).find("doorgegeven")) << text_of(crisis);
  auto marked = json::parse(staff(anna, http::verb::get, "handoffs?status=waiting").body);
  EXPECT_TRUE(marked.at("handoffs").at(0).at("urgent").as_bool()) << json::serialize(marked);
  EXPECT_EQ("ik zie het niet meer zitten", marked.at("handoffs").at(0).at("preview").as_string())
      << "the list shows what a conversation is about: the resident's last words";

  // Two staff take it at once: exactly one gets it.
  auto a = std::async(std::launch::async, [&] {
    return staff(anna, http::verb::post, "handoffs/" + std::to_string(id) + ":take");
  });
  auto b = std::async(std::launch::async, [&] {
    return staff(bram, http::verb::post, "handoffs/" + std::to_string(id) + ":take");
  });
  const auto ta = a.get(), tb = b.get();
  EXPECT_EQ(1, (ta.status == 200) + (tb.status == 200)) << ta.body << tb.body;
  EXPECT_EQ(1, (ta.status == 409) + (tb.status == 409)) << ta.body << tb.body;
  const std::string holder = ta.status == 200 ? anna : bram;
  const std::string other = ta.status == 200 ? bram : anna;

  auto joined = socket.read();
  EXPECT_EQ("active", joined.at("handoff").at("status")) << json::serialize(joined);
  EXPECT_NE(std::string::npos, text_of(joined).find("Gemeente Testdorp is in het gesprek"));

  auto sent = staff(holder, http::verb::post, "handoffs/" + std::to_string(id) + "/messages",
                    R"({"text":"Goedemiddag, waarmee kan ik u helpen?"})");
  EXPECT_EQ(200u, sent.status) << sent.body;
  auto pushed = socket.read();
  EXPECT_EQ("staff", pushed.at("from"));
  EXPECT_EQ("Gemeente Testdorp", pushed.at("name"));
  EXPECT_EQ("Goedemiddag, waarmee kan ik u helpen?", text_of(pushed).substr(0, 37));
  EXPECT_EQ(403u, staff(other, http::verb::post, "handoffs/" + std::to_string(id) + "/messages",
                        R"({"text":"ik ook"})")
                      .status);

  auto answered = socket.exchange(R"({"session":"res","text":"Mijn paspoort is kwijt, en nu?"})");
  EXPECT_EQ("active", answered.at("handoff").at("status"));
  EXPECT_TRUE(answered.at("messages").as_array().empty()) << "a person has it: loket is quiet";
  detail = json::parse(staff(holder, http::verb::get, "handoffs/" + std::to_string(id)).body);
  const auto& lines = detail.at("messages").as_array();
  EXPECT_EQ("Mijn paspoort is kwijt, en nu?", lines.back().at("text").as_string());

  // A REST client fetches what staff said.
  auto fetched = http_request(server_->port(), http::verb::get,
                              "/api/v1/chat/messages?session=" + names_["res"] + "&after=0");
  EXPECT_EQ(200u, fetched.status) << fetched.body;
  EXPECT_NE(std::string::npos, fetched.body.find("Goedemiddag, waarmee kan ik u helpen?"));

  // Handed back to the bot: the resident is told, and the bot answers again.
  EXPECT_EQ(200u,
            staff(holder, http::verb::post, "handoffs/" + std::to_string(id) + ":release").status);
  auto back = socket.read();
  EXPECT_EQ("closed", back.at("handoff").at("status"));
  EXPECT_NE(std::string::npos, text_of(back).find("digitale assistent"));
  auto bot = socket.exchange(R"({"session":"res","text":"wanneer is het gemeentehuis open"})");
  EXPECT_EQ("openingstijden", bot.at("intent")) << json::serialize(bot);
  EXPECT_FALSE(bot.contains("handoff"));
  EXPECT_EQ("closed", db_.scalar("SELECT status FROM handoffs WHERE id = " + std::to_string(id)));

  const std::string metrics = http_request(server_->port(), http::verb::get, "/metrics").body;
  for (const char* line : {"loket_handoffs_total{channel=\"web\",event=\"offered\"} 1",
                           "loket_handoffs_total{channel=\"websocket\",event=\"started\"} 1",
                           "loket_handoffs_total{channel=\"websocket\",event=\"taken\"} 1",
                           "loket_handoffs_total{channel=\"websocket\",event=\"closed\"} 1",
                           "loket_handoff_wait_seconds_count 1"})
    EXPECT_NE(std::string::npos, metrics.find(line)) << line;
  EXPECT_NE(std::string::npos, metrics.find("loket_handoffs_handled_total{agent=\""));

  // The dashboard's figures, from PostgreSQL (every instance's), once the log is written.
  json::value stats;
  EXPECT_TRUE(wait_until(
      [&] {
        stats = json::parse(staff(kAdmin, http::verb::get, "stats?days=7").body);
        return stats.at("handoffs").at("offered").as_int64() >= 1;
      },
      5s))
      << json::serialize(stats);
  const auto& h = stats.at("handoffs");
  EXPECT_EQ(1, h.at("started").as_int64());
  EXPECT_EQ(1, h.at("taken").as_int64());
  EXPECT_EQ(0, h.at("abandoned").as_int64());
  EXPECT_EQ(0, h.at("waiting_now").as_int64());
  EXPECT_EQ(1, h.at("waits").at(0).as_int64()) << "taken within the minute";
  EXPECT_EQ(ta.status == 200 ? "Anna" : "Bram", h.at("per_agent").at(0).at("agent").as_string());
}

TEST_F(Handoff, StaffSeeAskingForAPersonByItsButtonsWordsNotItsId) {
  start();
  chat("small-talk", "text", "oké");
  chat("person", "text", "ik wil een medewerker spreken");
  chat("person", "intent", "handoff");
  ASSERT_TRUE(wait_until([&] {
    const json::value stats = json::parse(staff(kAdmin, http::verb::get, "stats").body);
    int logged = 0;
    for (const auto& row : stats.at("per_intent").as_array())
      logged += row.at("intent") == "handoff" || row.at("intent") == "acknowledgement";
    return logged == 2;
  })) << "the turns are logged";
  const json::value stats = json::parse(staff(kAdmin, http::verb::get, "stats").body);
  for (const auto& row : stats.at("per_intent").as_array()) {
    if (row.at("intent") == "handoff") {
      EXPECT_EQ("Chat met een medewerker", row.at("title").as_string()) << row;
    }
    // The built-in small talk in the staff's words, not its id.
    if (row.at("intent") == "acknowledgement") {
      EXPECT_EQ("Instemming (ja, oké)", row.at("title").as_string()) << row;
    }
  }
}

TEST_F(Handoff, WhileTheDatabaseIsAwayNoPersonIsOffered) {
  start();
  const auto offered = [&](const std::string& session) {
    const auto reply = chat(session, "text", "ik wil een medewerker spreken");
    for (const auto& s : reply.at("suggestions").as_array())
      if (s.at("intent") == "handoff") return true;
    return false;
  };
  EXPECT_TRUE(offered("voor"));
  db_.allow_connections(false);
  int turn = 0;
  EXPECT_TRUE(wait_until([&] { return !offered("weg-" + std::to_string(++turn)); }))
      << "a request the database cannot keep is not offered";
  const auto chosen = chat("weg-0", "intent", "handoff");
  EXPECT_NE(std::string::npos, text_of(chosen).find("nu niet bereikbaar")) << text_of(chosen);
  db_.allow_connections(true);
  EXPECT_TRUE(wait_until([&] { return offered("terug-" + std::to_string(++turn)); },
                         std::chrono::seconds(20)));
}

TEST_F(Handoff, TheResidentEndsItAndStaffCloseWithAReason) {
  start();
  chat("r1", "intent", "handoff");
  auto ended = chat("r1", "text", "stop");
  EXPECT_EQ("closed", ended.at("handoff").at("status"));
  EXPECT_EQ("ended by the resident",
            db_.scalar("SELECT close_reason FROM handoffs WHERE session = '" + names_["r1"] + "'"));

  chat("r2", "text", "mijn container op Dijkweg 12 is niet geleegd");
  chat("r2", "intent", "handoff");
  const auto id = std::to_string(waiting_id());
  EXPECT_EQ(200u, staff(kAdmin, http::verb::post, "handoffs/" + id + ":take").status);
  // While it is open the staff member helping reads the address the resident gave, in what came
  // before and in what they write now; a colleague, and the list every agent sees, get the
  // redacted words, which are all that is kept after.
  chat("r2", "text", "het is Dijkweg 12, 9701 AB Noorderhaven");
  const std::string open = staff(kAdmin, http::verb::get, "handoffs/" + id).body;
  EXPECT_NE(std::string::npos, open.find("mijn container op Dijkweg 12 is niet geleegd")) << open;
  EXPECT_NE(std::string::npos, open.find("het is Dijkweg 12, 9701 AB Noorderhaven")) << open;
  const std::string colleague = token("agent", "Bram");
  const std::string seen = staff(colleague, http::verb::get, "handoffs/" + id).body;
  EXPECT_EQ(std::string::npos, seen.find("Dijkweg 12")) << seen;
  EXPECT_NE(std::string::npos, seen.find("[ADRES]")) << seen;
  const std::string listed = staff(kAdmin, http::verb::get, "handoffs?status=active").body;
  EXPECT_EQ(std::string::npos, listed.find("Dijkweg 12")) << listed;
  EXPECT_EQ(200u, staff(kAdmin, http::verb::post, "handoffs/" + id + ":close",
                        R"({"reason":"vraag beantwoord"})")
                      .status);
  EXPECT_EQ("vraag beantwoord", db_.scalar("SELECT close_reason FROM handoffs WHERE id = " + id));
  const std::string kept = staff(kAdmin, http::verb::get, "handoffs/" + id).body;
  EXPECT_EQ(std::string::npos, kept.find("Dijkweg 12")) << kept;
  EXPECT_NE(std::string::npos, kept.find("[ADRES]")) << kept;
  EXPECT_EQ("0",
            db_.scalar("SELECT count(unredacted) FROM handoff_messages WHERE handoff_id = " + id));
  auto after = chat("r2", "text", "wanneer is het gemeentehuis open");
  EXPECT_EQ("openingstijden", after.at("intent"));
  auto fetched = http_request(server_->port(), http::verb::get,
                              "/api/v1/chat/messages?session=" + names_["r2"] + "&after=0");
  EXPECT_NE(std::string::npos, fetched.body.find("heeft het gesprek be\xc3\xabindigd"))
      << fetched.body;
}

TEST_F(Handoff, TheStaffApiRefusesClearly) {
  start();
  const std::string editor = token("editor", "Eva");
  const std::string agent = token("agent", "Anna");
  EXPECT_EQ(403u, staff(editor, http::verb::get, "handoffs").status);
  EXPECT_EQ(401u, staff("wrong", http::verb::get, "handoffs").status);
  EXPECT_EQ(404u, staff(agent, http::verb::post, "handoffs/999999:take").status);
  EXPECT_EQ(404u, staff(agent, http::verb::get, "handoffs/abc").status);
  EXPECT_EQ(400u, staff(agent, http::verb::get, "handoffs?status=lost").status);
  chat("r", "intent", "handoff");
  const auto id = std::to_string(waiting_id());
  EXPECT_EQ(
      409u,
      staff(agent, http::verb::post, "handoffs/" + id + "/messages", R"({"text":"hallo"})").status)
      << "take it first";
  EXPECT_EQ(200u, staff(agent, http::verb::post, "handoffs/" + id + ":take").status);
  EXPECT_EQ(409u, staff(agent, http::verb::post, "handoffs/" + id + ":take").status);
  auto empty = staff(agent, http::verb::post, "handoffs/" + id + "/messages", R"({"text":"  "})");
  EXPECT_EQ(400u, empty.status);
  EXPECT_NE(std::string::npos, empty.body.find("'text' is empty"));
  EXPECT_EQ(400u, staff(agent, http::verb::post, "handoffs/" + id + "/messages",
                        R"({"text":")" + std::string(2001, 'x') + R"("})")
                      .status);
  EXPECT_EQ(400u, staff(agent, http::verb::post, "handoffs/" + id + "/messages", "{").status);
  auto nobody =
      staff(agent, http::verb::post, "handoffs/" + id + ":transfer", R"({"to":"Nobody"})");
  EXPECT_EQ(400u, nobody.status);
  EXPECT_NE(std::string::npos, nobody.body.find("'Nobody' is not a staff member")) << nobody.body;
  EXPECT_NE(std::string::npos, nobody.body.find("(those who are: Anna")) << nobody.body;
  EXPECT_EQ(std::string::npos, nobody.body.find("Eva")) << "an editor is no one to transfer to";
  EXPECT_EQ(
      400u,
      staff(agent, http::verb::post, "handoffs/" + id + ":transfer", R"({"to":"Eva"})").status)
      << "an editor cannot take handoffs";
  token("agent", "Bram");
  const auto agents = staff(agent, http::verb::get, "handoffs/agents");
  ASSERT_EQ(200u, agents.status) << agents.body;
  EXPECT_EQ(R"({"agents":["Anna","Bram"]})", agents.body) << "what the inbox offers to transfer to";
  EXPECT_EQ(
      200u,
      staff(agent, http::verb::post, "handoffs/" + id + ":transfer", R"({"to":"Bram"})").status);
  EXPECT_EQ("Bram", db_.scalar("SELECT agent FROM handoffs WHERE id = " + id));
  EXPECT_EQ(403u,
            staff(agent, http::verb::post, "handoffs/" + id + "/messages", R"({"text":"nog iets"})")
                .status)
      << "after the transfer it is Bram's";
  EXPECT_EQ(405u, staff(agent, http::verb::get, "handoffs/" + id + ":take").status);
  EXPECT_EQ(400u, http_request(server_->port(), http::verb::get, "/api/v1/chat/messages").status);
  EXPECT_EQ(404u, http_request(server_->port(), http::verb::get,
                               "/api/v1/chat/messages?session=made-up-session&after=0")
                      .status);
  EXPECT_NE("0", db_.scalar("SELECT count(*) FROM audit_log WHERE actor = 'Anna'"));
}

TEST_F(Handoff, StaffSocketsHearOfEveryChangeOnceSignedIn) {
  start();
  const std::string editor = token("editor", "Eva");
  {
    ChatSocket stranger(server_->port(), nullptr, "/admin/v1/handoffs/ws");
    auto refused = stranger.exchange(R"({"token":"not-a-token"})");
    EXPECT_NE(std::string::npos, json::serialize(refused).find("valid staff token"));
    ChatSocket wrong_role(server_->port(), nullptr, "/admin/v1/handoffs/ws");
    EXPECT_NE(std::string::npos,
              json::serialize(wrong_role.exchange(R"({"token":")" + editor + R"("})"))
                  .find("'agent' role"));
  }
  EXPECT_EQ(426u, http_request(server_->port(), http::verb::get, "/admin/v1/handoffs/ws").status);
  ChatSocket inbox(server_->port(), nullptr, "/admin/v1/handoffs/ws");
  auto hello = inbox.exchange(std::string(R"({"token":")") + kAdmin + R"("})");
  EXPECT_EQ("hello", hello.at("type"));
  EXPECT_EQ("admin", hello.at("role"));
  chat("r", "intent", "handoff");
  auto waiting = inbox.read();
  EXPECT_EQ("handoff", waiting.at("type"));
  EXPECT_EQ("waiting", waiting.at("event"));
  const auto id = waiting.at("id").as_int64();
  chat("r", "text", "hallo?");
  auto message = inbox.read();
  EXPECT_EQ("message", message.at("event"));
  EXPECT_EQ(id, message.at("id").as_int64());
  staff(kAdmin, http::verb::post, "handoffs/" + std::to_string(id) + ":take");
  EXPECT_EQ("taken", inbox.read().at("event"));
}

TEST_F(Handoff, OutsideOfficeHoursTheResidentLeavesACallbackRequest) {
  // Open one minute a day, half a day from now: closed for this whole test, and open again
  // within a day, which the resident is told.
  start(db_.scalar(
      "SELECT to_char(t, 'HH24:MI') || '-' || to_char(t + interval '1 minute', 'HH24:MI') FROM "
      "(SELECT least(now() AT TIME ZONE 'Europe/Amsterdam' + interval '12 hours', "
      "date_trunc('day', now() AT TIME ZONE 'Europe/Amsterdam' + interval '12 hours') + "
      "interval '23 hours 58 minutes') AS t) AS later"));
  auto closed = chat("r", "intent", "handoff");
  EXPECT_EQ("callback", closed.at("handoff").at("status"));
  EXPECT_EQ("question", closed.at("expecting"));
  chat("r", "text", "Hoe staat het met mijn vergunning voor de dakkapel?");
  auto done = chat("r", "text", "jan@example.org");
  EXPECT_EQ("callback", done.at("handoff").at("status"));
  EXPECT_NE(std::string::npos, text_of(done).find("Wij nemen contact met u op vanaf"))
      << text_of(done);
  auto list = json::parse(staff(kAdmin, http::verb::get, "handoffs?status=callback").body);
  const auto& request = list.at("handoffs").at(0);
  EXPECT_EQ("jan@example.org", request.at("contact").as_string());
  EXPECT_EQ("Hoe staat het met mijn vergunning voor de dakkapel?",
            request.at("question").as_string());
  // The resident is not in the chat: a reply there, or handing back to the chatbot, would reach
  // nobody. Staff answer by e-mail or phone and close it.
  const std::string id = std::to_string(request.at("id").as_int64());
  EXPECT_EQ(200u, staff(kAdmin, http::verb::post, "handoffs/" + id + ":take").status);
  const auto reply =
      staff(kAdmin, http::verb::post, "handoffs/" + id + "/messages", R"({"text":"Hallo Jan"})");
  EXPECT_EQ(409u, reply.status);
  EXPECT_NE(std::string::npos,
            reply.body.find("this is a callback request: the resident is not in the chat, so a "
                            "reply in the chat reaches nobody; answer them at jan@example.org"))
      << reply.body;
  EXPECT_EQ(409u, staff(kAdmin, http::verb::post, "handoffs/" + id + ":release").status);
  EXPECT_EQ(200u, staff(kAdmin, http::verb::post, "handoffs/" + id + ":close",
                        R"({"reason":"teruggemaild"})")
                      .status);
}

TEST_F(Handoff, AResidentOnOneInstanceAndStaffOnAnother) {
  start();
  ServerProcess second(handoff_yaml("00:00-24:00"),
                       ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()},
                                                  {"LOKET_ADMIN_TOKEN", kAdmin},
                                                  {"LOKET_SESSION_SECRET", kSessionSecret}});
  ASSERT_TRUE(second.wait_for_log("event=\"dispatcher started\"", 10s)) << second.log();
  ChatSocket socket(server_->port(), &names_);
  socket.exchange(R"({"session":"res","intent":"handoff"})");
  const auto id = std::to_string(waiting_id());
  EXPECT_EQ(200u,
            staff(kAdmin, http::verb::post, "handoffs/" + id + ":take", "", second.port()).status);
  EXPECT_EQ("active", socket.read().at("handoff").at("status"));
  EXPECT_EQ(200u, staff(kAdmin, http::verb::post, "handoffs/" + id + "/messages",
                        R"({"text":"Hallo vanaf de andere kant"})", second.port())
                      .status);
  auto pushed = socket.read();
  EXPECT_EQ("staff", pushed.at("from"));
  // The resident's reply, through the second instance this time, reaches the staff member.
  chat("res", "text", "Dank u, ik heb een vraag over afval", second.port());
  auto detail =
      json::parse(staff(kAdmin, http::verb::get, "handoffs/" + id, "", second.port()).body);
  EXPECT_EQ("Dank u, ik heb een vraag over afval",
            detail.at("messages").as_array().back().at("text").as_string());
}

}  // namespace
}  // namespace loket::testing
