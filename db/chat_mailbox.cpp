#include "db/chat_mailbox.h"

#include <pqxx/pqxx>

#include "db/notify_channel.h"

namespace loket::db {

void post_to_chat_mailbox(pqxx::connection_base& c, const std::string& session,
                          std::int64_t delivery_id, const std::string& frame) {
  pqxx::work tx(c);
  tx.exec_params0(
      "INSERT INTO chat_mailbox (session, delivery_id, frame) VALUES ($1, $2, $3) "
      "ON CONFLICT (delivery_id) DO NOTHING",
      session, delivery_id, frame);
  tx.exec_params(kNotifyScoped, std::string(kChatMailboxChannel), session);
  tx.commit();
}

std::vector<std::int64_t> append_to_chat_mailbox(pqxx::connection_base& c,
                                                 const std::string& session,
                                                 const std::vector<std::string>& frames) {
  std::vector<std::int64_t> ids;
  pqxx::work tx(c);
  for (const std::string& frame : frames)
    ids.push_back(tx.exec_params1("INSERT INTO chat_mailbox (session, frame) VALUES ($1, $2) "
                                  "RETURNING id",
                                  session, frame)[0]
                      .as<std::int64_t>());
  tx.exec_params(kNotifyScoped, std::string(kChatMailboxChannel), session);
  tx.commit();
  return ids;
}

std::vector<MailboxEntry> chat_mailbox_after(pqxx::connection_base& c, const std::string& session,
                                             std::int64_t after, bool unshown_only,
                                             std::size_t limit) {
  pqxx::nontransaction tx(c);
  std::vector<MailboxEntry> out;
  for (const auto& row :
       tx.exec_params("SELECT id, frame FROM chat_mailbox WHERE session = $1 AND id > $2 "
                      "AND (NOT $3 OR shown_at IS NULL) ORDER BY id LIMIT $4",
                      session, after, unshown_only, static_cast<long long>(limit)))
    out.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>()});
  return out;
}

void mark_chat_mailbox_shown(pqxx::connection_base& c, const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return;
  std::string list = "{";
  for (std::size_t i = 0; i < ids.size(); ++i)
    list.append(i > 0 ? "," : "").append(std::to_string(ids[i]));
  list += '}';
  pqxx::nontransaction tx(c);
  tx.exec_params0(
      "UPDATE chat_mailbox SET shown_at = now() WHERE id = ANY ($1::bigint[]) AND shown_at IS NULL",
      list);
}

std::size_t purge_chat_mailbox(pqxx::connection_base& c, int days,
                               std::chrono::seconds conversation_ttl) {
  pqxx::nontransaction tx(c);
  return tx
      .exec_params0(
          "DELETE FROM chat_mailbox WHERE created_at < now() - make_interval(days => $1) "
          "OR (delivery_id IS NULL AND created_at < now() - make_interval(secs => $2))",
          days, static_cast<long long>(conversation_ttl.count()))
      .affected_rows();
}

}  // namespace loket::db
