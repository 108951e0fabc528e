// A staff member's reply to a resident handed to a person, from the staff API call to the frame
// on the resident's open WebSocket: the real `loket serve` (this build's, or $LOKET_BINARY's) on
// PostgreSQL (LOKET_TEST_DATABASE_URL), with 200 handed-off conversations open at once. The reply
// is sent through the resident's instance, then through a second instance; then a burst of a
// reply to every conversation, counting what was lost or shown twice. Prints one JSON line.
// Usage: loket_handoff_bench [--conversations 200] [--rounds 3]
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "chat_socket.h"
#include "server_process.h"
#include "session_names.h"
#include "test_database.h"

namespace {

namespace json = boost::json;
using namespace loket::testing;
using Clock = std::chrono::steady_clock;

constexpr const char* kAdmin = "handoff-bench-admin";
constexpr const char* kSecret = "handoff-bench-session-secret-of-forty-characters";

std::string server_yaml() {
  std::string days;
  for (const char* day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
    days.append(day).append(": \"00:00-24:00\", ");
  return std::string(kNoChatLimitsYaml)
      .append("handoff: {max_waiting: 100000, office_hours: {")
      .append(days)
      .append("time_zone: UTC}}\n");
}

// GCC 12 warns falsely (-Wrestrict) on "literal" + std::string: appended instead.
std::string resident(std::size_t i) {
  return std::string("r").append(std::to_string(i));
}
std::string handoff_path(std::int64_t id, const char* what) {
  return std::string("handoffs/").append(std::to_string(id)).append(what);
}
std::string burst(std::size_t i) {
  return std::string("burst ").append(std::to_string(i));
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// Reads frames from `socket` until one carries `text`; false when another staff text came first
// (a message out of order or shown twice) or nothing came in time.
bool read_text(ChatSocket& socket, const std::string& text, int& duplicates) {
  for (;;) {
    const json::object frame = socket.read(std::chrono::seconds(10));
    if (!frame.contains("from") || frame.at("from") != "staff") continue;
    const std::string got(frame.at("messages").at(0).at("text").as_string());
    if (got == text) return true;
    ++duplicates;
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t conversations = 200, rounds = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--conversations") conversations = std::stoul(argv[i + 1]);
    if (flag == "--rounds") rounds = std::stoul(argv[i + 1]);
  }
  TestDatabase db;
  const ServerProcess::Environment env{{"LOKET_DATABASE_URL", db.url()},
                                       {"LOKET_ADMIN_TOKEN", kAdmin},
                                       {"LOKET_SESSION_SECRET", kSecret}};
  ServerProcess a(server_yaml(), env);
  ServerProcess b(server_yaml(), env);
  if (!a.wait_for_log("event=\"dispatcher started\"", std::chrono::seconds(20)) ||
      !b.wait_for_log("event=\"dispatcher started\"", std::chrono::seconds(20))) {
    std::cerr << a.log() << b.log();
    return 1;
  }
  SessionNames names;
  std::vector<std::unique_ptr<ChatSocket>> sockets;
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < conversations; ++i) {
    sockets.push_back(std::make_unique<ChatSocket>(a.port(), &names));
    const auto queued = sockets.back()->exchange(
        json::serialize(json::object{{"session", resident(i)}, {"intent", "handoff"}}));
    if (queued.at("handoff").at("status") != "waiting") return 1;
  }
  const json::value list =
      json::parse(staff_request(a.port(), kAdmin, http::verb::get, "handoffs?status=waiting").body);
  std::map<std::string, std::int64_t> by_session;
  for (const auto& h : list.at("handoffs").as_array())
    by_session[std::string(h.at("session").as_string())] = h.at("id").as_int64();
  for (std::size_t i = 0; i < conversations; ++i) {
    const auto id = by_session.at(names[resident(i)]);
    ids.push_back(id);
    staff_request(a.port(), kAdmin, http::verb::post, handoff_path(id, ":take"));
    sockets[i]->read();  // "... is in het gesprek gekomen."
  }
  int duplicates = 0, lost = 0;
  json::object out{{"bench", "handoff"}, {"conversations", conversations}};
  for (auto [label, port] :
       {std::pair{"one_instance", a.port()}, std::pair{"across_two", b.port()}}) {
    std::vector<double> ms;
    for (std::size_t r = 0; r < rounds; ++r)
      for (std::size_t i = 0; i < conversations; ++i) {
        std::string text = label;
        text.append(1, ' ').append(std::to_string(r)).append(1, '-').append(std::to_string(i));
        const auto start = Clock::now();
        staff_request(port, kAdmin, http::verb::post, handoff_path(ids[i], "/messages"),
                      json::serialize(json::object{{"text", text}}));
        try {
          if (read_text(*sockets[i], text, duplicates))
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        } catch (const std::exception&) {
          ++lost;
        }
      }
    const std::string key = label;
    out[key + "_p50_ms"] = percentile(ms, 0.5);
    out[key + "_p99_ms"] = percentile(ms, 0.99);
    out[key + "_messages"] = ms.size();
  }
  // A burst: a reply to every conversation before any is read.
  const auto burst_start = Clock::now();
  for (std::size_t i = 0; i < conversations; ++i)
    staff_request(i % 2 ? b.port() : a.port(), kAdmin, http::verb::post,
                  handoff_path(ids[i], "/messages"),
                  json::serialize(json::object{{"text", burst(i)}}));
  for (std::size_t i = 0; i < conversations; ++i) {
    try {
      read_text(*sockets[i], burst(i), duplicates);
    } catch (const std::exception&) {
      ++lost;
    }
  }
  out["burst_all_shown_ms"] =
      std::chrono::duration<double, std::milli>(Clock::now() - burst_start).count();
  out["lost"] = lost;
  out["duplicated_or_out_of_order"] = duplicates;
  std::cout << json::serialize(out) << std::endl;
  return lost == 0 && duplicates == 0 ? 0 : 1;
}
