// CPU time loket spends per inbound Telegram message, from the webhook to the reply request on a
// fake Bot API on 127.0.0.1: the real `loket serve` (this build's, or $LOKET_BINARY's) without a
// database, fed at just under Telegram's pace. Prints one JSON line.
// Usage: loket_inbound_bench [--updates 10000] [--per-second 29] [--warmup 100] [--threads N]
// (--threads: loket's I/O threads; 0, the default, is one per core)
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fake_receiver.h"
#include "server_process.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using namespace loket::testing;

constexpr const char* kBotToken = "123456:bench-token";
constexpr const char* kSecret = "bench-secret";

// What residents write: answers, a slot question, small talk the bot does not know.
const std::vector<std::string> kTexts = {
    "Hoe vraag ik een paspoort aan?",      "wanneer wordt het afval bij mij opgehaald?",
    "Ik ga verhuizen, wat moet ik doen?",  "How do I apply for a parking permit?",
    "Mijn lantaarnpaal is kapot",          "schrijf een gedicht over kaas",
    "Kan ik bijzondere bijstand krijgen?", "Wat kost een rijbewijs?",
};

// CPU seconds (user + system) the process has used so far, from /proc.
double cpu_seconds(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  std::istringstream fields(line.substr(line.rfind(')') + 2));
  std::string field;
  unsigned long utime = 0, stime = 0;
  for (int i = 3; fields >> field; ++i) {
    if (i == 14) utime = std::stoul(field);
    if (i == 15) {
      stime = std::stoul(field);
      break;
    }
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::string update(long id, const std::string& text) {
  const long chat = 100000 + id;  // a conversation each: none waits behind another
  return json::serialize(json::object{
      {"update_id", id},
      {"message", json::object{{"message_id", id},
                               {"from", json::object{{"id", chat}, {"language_code", "nl"}}},
                               {"chat", json::object{{"id", chat}, {"type", "private"}}},
                               {"date", 1700000000},
                               {"text", text}}}});
}

// Posts updates [first, first + count) over one keep-alive connection at `per_second`: loket
// paces its Telegram replies at the platform's 30 a second, and a backlog longer than 10 s is
// handed back, so a faster feed would measure refusals.
void post_updates(unsigned short port, long first, long count, double per_second) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  beast::flat_buffer buffer;
  const auto start = std::chrono::steady_clock::now();
  for (long id = first; id < first + count; ++id) {
    std::this_thread::sleep_until(
        start + std::chrono::microseconds(static_cast<long>((id - first) * 1e6 / per_second)));
    beast::http::request<beast::http::string_body> req{beast::http::verb::post,
                                                       "/webhooks/telegram", 11};
    req.set(beast::http::field::host, "127.0.0.1");
    req.set(beast::http::field::content_type, "application/json");
    req.set("X-Telegram-Bot-Api-Secret-Token", kSecret);
    req.body() = update(id, kTexts[static_cast<std::size_t>(id) % kTexts.size()]);
    req.prepare_payload();
    beast::http::write(stream, req);
    beast::http::response<beast::http::string_body> res;
    beast::http::read(stream, buffer, res);
    if (res.result_int() != 200)
      throw std::runtime_error("webhook answered " + std::to_string(res.result_int()));
  }
}

// Waits until at least `n` replies arrived and no more come for a second (an answer may take
// more than one message); false after two minutes.
bool replies_settle(const FakeReceiver& telegram, std::size_t n) {
  if (!wait_until([&] { return telegram.count() >= n; }, std::chrono::seconds(120))) return false;
  for (std::size_t seen = 0; seen != telegram.count();) {
    seen = telegram.count();
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, long> args{
      {"updates", 10000}, {"per-second", 29}, {"warmup", 100}, {"threads", 0}};
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = std::string(argv[i]).substr(2);
    if (!args.count(name) || std::stol(argv[i + 1]) < (name == "threads" ? 0 : 1)) {
      std::cerr << "usage: loket_inbound_bench [--updates N] [--per-second N] [--warmup N] "
                   "[--threads N]\n";
      return 2;
    }
    args[name] = std::stol(argv[i + 1]);
  }
  FakeReceiver telegram([](const ReceivedRequest&) {
    return FakeAnswer{200, R"({"ok":true,"result":{"message_id":1}})", {}};
  });
  ServerProcess server("server: {threads: " + std::to_string(args["threads"]) +
                           "}\n"
                           "channels:\n"
                           "  telegram:\n"
                           "    bot_token: {env: LOKET_TELEGRAM_BOT_TOKEN}\n"
                           "    secret_token: {env: LOKET_TELEGRAM_SECRET_TOKEN}\n"
                           "    api_base: {env: LOKET_TELEGRAM_API_BASE}\n",
                       {{"LOKET_TELEGRAM_BOT_TOKEN", kBotToken},
                        {"LOKET_TELEGRAM_SECRET_TOKEN", kSecret},
                        {"LOKET_TELEGRAM_API_BASE", telegram.url("")}});
  const long warmup = args["warmup"], updates = args["updates"];
  const double rate = static_cast<double>(args["per-second"]);
  post_updates(server.port(), 1, warmup, rate);
  if (!replies_settle(telegram, static_cast<std::size_t>(warmup))) {
    std::cerr << "the warm-up replies did not all arrive (" << telegram.count()
              << "); loket's log:\n"
              << server.log().substr(0, 3000) << "\n";
    return 1;
  }
  const std::size_t before = telegram.count();
  const double cpu_before = cpu_seconds(server.pid());
  const auto start = std::chrono::steady_clock::now();
  post_updates(server.port(), warmup + 1, updates, rate);
  if (!replies_settle(telegram, before + static_cast<std::size_t>(updates))) {
    std::cerr << "only " << telegram.count() - before << " replies to " << updates
              << " updates arrived\n";
    return 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = cpu_seconds(server.pid()) - cpu_before;
  std::printf(
      "{\"binary\": \"%s\", \"updates\": %ld, \"replies\": %zu, \"seconds\": %.2f, "
      "\"loket_cpu_s\": %.2f, \"cpu_us_per_message\": %.1f}\n",
      loket_binary(), updates, telegram.count() - before, seconds, cpu,
      cpu * 1e6 / static_cast<double>(updates));
  return 0;
}
