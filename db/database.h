// A pool of PostgreSQL connections, each on its own worker thread: blocking libpqxx calls run
// there, never on the I/O threads. Jobs queue in order; a broken connection is reopened for the
// next job. Thread-safe: submit from any thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <pqxx/connection>

namespace loket::db {

// A worker's connection, opened on first use (and again after it broke).
class Connection {
 public:
  explicit Connection(std::string url);
  ~Connection();
  // Throws pqxx::broken_connection when the database cannot be reached.
  pqxx::connection_base& get();
  void reset();

 private:
  std::string url_;
  std::unique_ptr<pqxx::connection> connection_;
};

class Database {
 public:
  using Job = std::function<void(Connection&)>;

  Database(std::string url, std::size_t pool_size);
  ~Database();  // finishes queued jobs, then joins the workers
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `job` on a worker; the job handles its own exceptions (a thrown one is logged and
  // its connection reset).
  void submit(Job job);
  const std::string& url() const { return url_; }
  std::size_t queued() const;

 private:
  void work();

  std::string url_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

// A connection URL with any password replaced by "***", for logs.
std::string redact_url(const std::string& url);

}  // namespace loket::db
