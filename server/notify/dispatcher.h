// Sends queued notifications: claims due deliveries in batches from PostgreSQL, sends each
// through its channel's connector within the channel's rate, and records the outcomes. Wakes on
// LISTEN/NOTIFY and polls as a fallback; rides out a database that goes away. Runs as coroutines
// on the given io_context (database calls on the Database's threads). start() once; stop() from
// any thread.
#pragma once

#include <boost/asio/io_context.hpp>

#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "connectors/connector.h"
#include "db/database.h"
#include "server/common/metrics.h"

namespace loket::server {

class Dispatcher {
 public:
  Dispatcher(boost::asio::io_context& io, db::Database& database,
             const config::NotificationSettings& settings,
             std::vector<std::shared_ptr<connectors::Connector>> connectors, Metrics& metrics);
  ~Dispatcher();

  // What it logs names `municipality` (one of several the process serves) when given; the
  // string must outlive the dispatcher.
  void start(const std::string* municipality = nullptr);
  void stop();
  bool ready() const;  // the schema is migrated and the database answered
  // Why it is not ready yet, for the probes: "unreachable: " and PostgreSQL's answer while
  // connecting ("database \"loket\" does not exist"), or "not migrated: " and the migration's
  // error; empty once ready or before the first try.
  std::string problem() const;
  // Its connection to the database was not lost at the last poll (a second or so ago): false
  // while PostgreSQL is away, so that nothing only the database can keep is offered.
  bool database_answers() const;
  // What the probes (/readyz of `serve` and of `dispatch`) say of the database: "reachable",
  // "unreachable" (lost since it was ready), problem() while starting, or "not ready (connecting
  // or migrating)" before the first answer.
  std::string database_state() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace loket::server
