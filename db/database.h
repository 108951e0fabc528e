// A pool of PostgreSQL connections, each on its own worker thread: blocking libpqxx calls run
// there, never on the I/O threads. Jobs queue in order; a broken connection is reopened for the
// next job. Hosted municipalities on one database share a pool, each job in its own schema. Besides
// the shared pool, "pinned" workers each serve one client, so that client can keep a transaction
// open from one job to its next (the dispatcher holds its batch's row locks while it sends).
// Thread-safe: submit from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction>

namespace loket::db {

// A worker's connection, opened on first use (and again after it broke).
class Connection {
 public:
  // `statement_timeout`: PostgreSQL cancels a statement that runs longer.
  Connection(std::string url, std::chrono::seconds statement_timeout);
  ~Connection();
  // Throws pqxx::broken_connection when the database cannot be reached.
  pqxx::connection_base& get();
  void reset();  // drops the connection (and any open transaction, which rolls back)
  // The schema and statement timeout the next get() gives: a pool shared by hosted
  // municipalities serves each job in its municipality's.
  void serve_as(const std::string& schema, std::chrono::seconds statement_timeout);

 private:
  struct Wanted {
    std::string schema;  // a hosted municipality's (schema_in()), or empty
    std::chrono::seconds statement_timeout;
  };
  struct Applied {
    std::optional<std::string> schema;  // none: not known to be set
    std::chrono::seconds statement_timeout;
  };
  std::string url_;
  Wanted wanted_;
  Applied applied_;
  std::unique_ptr<pqxx::connection> connection_;

 public:
  // A transaction a job leaves open for the next job on this (pinned) connection. Declared after
  // the connection so it is destroyed first.
  std::unique_ptr<pqxx::work> open_transaction;
};

class Database {
 public:
  using Job = std::function<void(Connection&)>;

  Database(std::string url, std::size_t pool_size, std::size_t pinned = 0,
           std::chrono::seconds statement_timeout = std::chrono::seconds(30));
  // A hosted municipality's database (`url`, made by with_schema()) whose submitted jobs run on
  // `pool`'s workers, in its own schema and with its own statement timeout; its pinned workers
  // are its own. Municipalities on one database server share its pool instead of each keeping
  // one; the pool lives while any of them does.
  Database(std::shared_ptr<Database> pool, std::string url, std::size_t pinned,
           std::chrono::seconds statement_timeout = std::chrono::seconds(30));
  ~Database();  // shutdown()
  // Drops queued jobs, lets running ones finish, joins the workers (of a shared pool: drops this
  // one's jobs there and waits for those running; the others' go on). Call before the executors
  // that jobs report back to are destroyed.
  void shutdown();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `job` on a worker; the job handles its own exceptions (a thrown one is logged and
  // its connection reset).
  void submit(Job job);
  // Runs `job` on pinned worker `index` (< pinned), always the same connection.
  void submit_pinned(std::size_t index, Job job);
  const std::string& url() const { return url_; }

 private:
  struct Queue {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::pair<const void*, Job>> jobs;  // each with whose it is (null: this one's)
  };
  void work(Queue& queue);
  void enqueue(Queue& queue, const void* owner, Job job);
  // Destroys the jobs `owner` queued here that have not started.
  void drop(const void* owner);
  // This one's jobs on a shared pool: how many are not yet destroyed (queued, running, or
  // finished but still held), and whether any more may start.
  struct OnPool {
    std::mutex mutex;
    std::condition_variable idle;
    std::size_t pending = 0;
    bool stopped = false;
  };
  struct PendingJob;

  std::string url_;
  std::chrono::seconds statement_timeout_;
  std::shared_ptr<Database> pool_;  // whose workers run the submitted jobs; null: this one's
  std::string schema_;              // the one jobs run in on pool_'s workers
  std::shared_ptr<OnPool> on_pool_;
  std::atomic<bool> stopping_{false};
  Queue shared_;
  std::vector<std::unique_ptr<Queue>> pinned_;
  std::vector<std::thread> workers_;
};

// The setting that names a hosted municipality's schema on its connections: NOTIFY channels
// carry it (notify_channel.h).
inline constexpr std::string_view kTenantSetting = "loket.tenant";

// `url` whose connections use `schema` (created by migrate()) for every unqualified name: a
// hosted municipality's data kept apart from the others' in one database. `schema` must be a
// plain lower-case identifier. Throws std::invalid_argument when `url` already sets options.
std::string with_schema(const std::string& url, const std::string& schema);
// The schema with_schema() put in `url`; empty for any other URL.
std::string schema_in(const std::string& url);
// What with_schema() made `url` of (in libpq's key='value' form): the server, database and
// credentials every hosted municipality on it shares. Any other URL as it is.
std::string without_schema(const std::string& url);
// Sets the schema on `connection` itself, as the URL's options asked: a pooler that drops
// startup options (PgBouncer's ignore_startup_parameters) must not leave a municipality in the
// shared schema. Nothing for an empty `schema`.
void use_schema(pqxx::connection_base& connection, const std::string& schema);

// How long a connection is waited for, at most, before it counts as unreachable.
inline constexpr std::chrono::seconds kConnectTimeout{10};
// `url` that gives up connecting after `timeout` (unless it sets connect_timeout itself): a
// server that takes the connection and never answers must not hold a thread for ever. Throws
// std::invalid_argument when libpq cannot read `url`.
std::string with_connect_timeout(const std::string& url, std::chrono::seconds timeout);

// Whether libpq can read `url` (either form).
bool is_readable_url(const std::string& url);

// A connection string (URL or key=value) as libpq reads it, with the password as "***": for
// logs.
std::string redact_url(const std::string& url);

}  // namespace loket::db
