// Whether proactive notifications are on: the database they are queued in and the dispatcher
// that sends them. Filled in once at start-up, before anything is served, and only read after:
// safe from any thread.
#pragma once

#include "db/database.h"
#include "server/notify/dispatcher.h"

namespace loket::server {

struct Notifications {
  db::Database* database = nullptr;  // null: notifications are off
  Dispatcher* dispatcher = nullptr;

  // True when notifications are on and the database is migrated and reachable enough for the
  // dispatcher to have started: subscriptions and inbound messages can be stored.
  bool ready() const { return database != nullptr && dispatcher != nullptr && dispatcher->ready(); }
  // Ready, and PostgreSQL not away just now: what a resident is offered (a person, an alert)
  // needs it the moment they take it.
  bool answering() const { return ready() && dispatcher->database_answers(); }
};

}  // namespace loket::server
