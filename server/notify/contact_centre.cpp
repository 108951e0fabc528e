#include "server/notify/contact_centre.h"

#include <boost/json.hpp>

#include "connectors/crypto.h"
#include "connectors/signatures.h"
#include "server/common/log.h"

namespace loket::server {
namespace {

namespace json = boost::json;

const char* speaker(const db::HandoffLine& line) {
  if (line.sender == "resident") return "resident";
  if (line.sender == "staff") return "staff";
  return "loket";
}

// What the agents read first in Chatwoot: where the resident is, and the conversation so far.
std::string transcript_note(const db::Handoff& handoff,
                            const std::vector<db::HandoffLine>& transcript) {
  std::string note = "Handed over by loket (handoff " + std::to_string(handoff.id) + "; channel " +
                     handoff.channel + ", language " + handoff.lang + ")";
  if (handoff.status == "callback") {
    note.append("\nCallback request. Question: ").append(handoff.question);
    note.append("\nReach them at: ").append(handoff.contact);
  }
  if (!transcript.empty()) note.append("\n\nThe conversation so far:");
  for (const auto& line : transcript)
    note.append("\n").append(speaker(line)).append(": ").append(line.text);
  return note;
}

std::string opened_event(const db::Handoff& handoff,
                         const std::vector<db::HandoffLine>& transcript) {
  json::array lines;
  for (const auto& line : transcript)
    lines.push_back(json::object{{"from", line.sender}, {"text", line.text}});
  json::object event{{"type", "handoff.opened"},      {"handoff", handoff.id},
                     {"session", handoff.session},    {"channel", handoff.channel},
                     {"lang", handoff.lang},          {"status", handoff.status},
                     {"transcript", std::move(lines)}};
  if (handoff.status == "callback") {
    event["question"] = handoff.question;
    event["contact"] = handoff.contact;
  }
  return json::serialize(event);
}

std::string message_event(const db::Handoff& handoff, std::int64_t message_id,
                          const std::string& text) {
  return json::serialize(json::object{{"type", "handoff.message"},
                                      {"handoff", handoff.id},
                                      {"message", message_id},
                                      {"text", text}});
}

std::string ended_event(const db::Handoff& handoff, const std::string& reason) {
  return json::serialize(
      json::object{{"type", "handoff.ended"}, {"handoff", handoff.id}, {"reason", reason}});
}

std::string event_id(const db::Handoff& handoff, const std::string& what) {
  return std::string("loket-handoff-").append(std::to_string(handoff.id)).append("-").append(what);
}

std::string message_event_id(const db::Handoff& handoff, std::int64_t message_id) {
  return event_id(handoff, std::string("m").append(std::to_string(message_id)));
}

std::string ended_note(const std::string& reason) {
  return std::string("loket: ").append(reason);
}

// The conversation is there and the agents can help without the transcript: said in the log,
// not to the resident.
void log_transcript_not_noted(std::int64_t handoff, const std::string& error) {
  log::warn("contact centre: the transcript was not added to the conversation",
            {{"handoff", handoff}, {"error", error}});
}

}  // namespace

std::vector<std::pair<std::string, std::string>> signed_webhook_headers(const std::string& secret,
                                                                        const std::string& id,
                                                                        const std::string& body) {
  const long long now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  std::vector<std::pair<std::string, std::string>> headers;
  headers.emplace_back("webhook-id", id);
  headers.emplace_back("webhook-timestamp", std::to_string(now));
  headers.emplace_back("webhook-signature",
                       connectors::standard_webhook_signature(secret, id, now, body));
  return headers;
}

boost::asio::awaitable<std::string> ContactCentre::post_event(const config::ContactCentre& system,
                                                              std::string id, std::string body) {
  connectors::HttpRequest request;
  request.url = system.url;
  request.headers = signed_webhook_headers(system.secret, id, body);
  request.body = std::move(body);
  request.idempotent = true;  // the receiver knows a repeat by its webhook-id
  auto answer = co_await http_.send(std::move(request));
  if (!answer) co_return "the contact centre's webhook is unreachable: " + answer.error().message();
  if (answer->status < 200 || answer->status >= 300)
    co_return "the contact centre's webhook answered " + std::to_string(answer->status);
  co_return std::string();
}

boost::asio::awaitable<ContactCentre::Opened> ContactCentre::open(
    const config::ContactCentre& system, const db::Handoff& handoff,
    std::vector<db::HandoffLine> transcript) {
  Opened out;
  if (system.kind == config::ContactCentre::Kind::webhook) {
    auto posting =
        post_event(system, event_id(handoff, "opened"), opened_event(handoff, transcript));
    out.error = co_await std::move(posting);
    out.ref = std::to_string(handoff.id);
    co_return out;
  }
  // Unique across every loket that shares the Chatwoot account: Chatwoot refuses a second
  // contact with an identifier it has, and would merge two residents' conversations.
  std::string identifier =
      "loket-" + connectors::to_hex(connectors::random_bytes(8)) + "-" + std::to_string(handoff.id);
  std::string name =
      "Resident " + std::to_string(handoff.id) + " (" + handoff.channel + ", " + handoff.lang + ")";
  auto opening = chatwoot_.open_conversation(system, std::move(name), std::move(identifier));
  connectors::ChatwootCall opened = co_await std::move(opening);
  if (!opened.error.empty()) {
    out.error = std::move(opened.error);
    co_return out;
  }
  out.ref = std::move(opened.value);
  auto noting = chatwoot_.post_message(system, out.ref, transcript_note(handoff, transcript),
                                       connectors::ChatwootClient::Author::note);
  connectors::ChatwootCall noted = co_await std::move(noting);
  if (!noted.error.empty()) log_transcript_not_noted(handoff.id, noted.error);
  co_return out;
}

boost::asio::awaitable<std::string> ContactCentre::relay(const config::ContactCentre& system,
                                                         const db::Handoff& handoff,
                                                         std::int64_t message_id,
                                                         std::string text) {
  if (system.kind == config::ContactCentre::Kind::webhook) {
    auto posting = post_event(system, message_event_id(handoff, message_id),
                              message_event(handoff, message_id, text));
    co_return co_await std::move(posting);
  }
  auto posting = chatwoot_.post_message(system, handoff.external_ref, std::move(text),
                                        connectors::ChatwootClient::Author::resident);
  connectors::ChatwootCall posted = co_await std::move(posting);
  co_return std::move(posted.error);
}

boost::asio::awaitable<std::string> ContactCentre::end(const config::ContactCentre& system,
                                                       const db::Handoff& handoff,
                                                       std::string reason) {
  if (system.kind == config::ContactCentre::Kind::webhook) {
    auto posting = post_event(system, event_id(handoff, "ended"), ended_event(handoff, reason));
    co_return co_await std::move(posting);
  }
  auto noting = chatwoot_.post_message(system, handoff.external_ref, ended_note(reason),
                                       connectors::ChatwootClient::Author::note);
  connectors::ChatwootCall noted = co_await std::move(noting);
  auto resolving = chatwoot_.resolve(system, handoff.external_ref);
  connectors::ChatwootCall resolved = co_await std::move(resolving);
  co_return resolved.error.empty() ? std::move(noted.error) : std::move(resolved.error);
}

}  // namespace loket::server
