#include "db/sender_registry.h"

#include <pqxx/pqxx>

namespace loket::db {

int renew_sender(pqxx::connection_base& c, const std::string& instance,
                 std::chrono::milliseconds lease) {
  pqxx::work tx(c);
  tx.exec_params0(
      "INSERT INTO senders (instance, seen_at) VALUES ($1, now()) "
      "ON CONFLICT (instance) DO UPDATE SET seen_at = now()",
      instance);
  const auto interval = std::to_string(lease.count()) + " milliseconds";
  tx.exec_params0("DELETE FROM senders WHERE seen_at < now() - $1::interval", interval);
  const int n = tx.exec1("SELECT count(*) FROM senders")[0].as<int>();
  tx.commit();
  return n;
}

void leave_senders(pqxx::connection_base& c, const std::string& instance) {
  pqxx::nontransaction tx(c);
  tx.exec_params0("DELETE FROM senders WHERE instance = $1", instance);
}

}  // namespace loket::db
