#include "db/database.h"

#include <pqxx/pqxx>

#include <iostream>

namespace loket::db {

Connection::Connection(std::string url) : url_(std::move(url)) {}
Connection::~Connection() { reset(); }

pqxx::connection_base& Connection::get() {
  if (connection_ && !connection_->is_open()) reset();
  if (!connection_) {
    connection_ = std::make_unique<pqxx::connection>(url_);
    // A dispatcher holds its batch's rows while it sends: a staff or chat change to one of them
    // waits at most this long, then fails (and is retried by its caller) instead of tying up a
    // database thread.
    pqxx::nontransaction tx(*connection_);
    tx.exec("SET lock_timeout = '5s'");
  }
  return *connection_;
}

void Connection::reset() {
  open_transaction.reset();
  connection_.reset();
}

Database::Database(std::string url, std::size_t pool_size, std::size_t pinned)
    : url_(std::move(url)) {
  for (std::size_t i = 0; i < pinned; ++i) pinned_.push_back(std::make_unique<Queue>());
  for (std::size_t i = 0; i < std::max<std::size_t>(pool_size, 1); ++i)
    workers_.emplace_back([this] { work(shared_); });
  for (auto& queue : pinned_) workers_.emplace_back([this, &q = *queue] { work(q); });
}

Database::~Database() { shutdown(); }

void Database::shutdown() {
  if (stopping_.exchange(true)) return;
  for (Queue* q : [this] {
         std::vector<Queue*> all{&shared_};
         for (auto& p : pinned_) all.push_back(p.get());
         return all;
       }()) {
    std::lock_guard lock(q->mutex);
    q->jobs.clear();
    q->ready.notify_all();
  }
  for (auto& w : workers_) w.join();
}

void Database::submit(Job job) {
  {
    std::lock_guard lock(shared_.mutex);
    shared_.jobs.push_back(std::move(job));
  }
  shared_.ready.notify_one();
}

void Database::submit_pinned(std::size_t index, Job job) {
  Queue& q = *pinned_.at(index);
  {
    std::lock_guard lock(q.mutex);
    q.jobs.push_back(std::move(job));
  }
  q.ready.notify_one();
}

void Database::work(Queue& queue) {
  Connection connection(url_);
  for (;;) {
    Job job;
    {
      std::unique_lock lock(queue.mutex);
      queue.ready.wait(lock, [&] { return stopping_ || !queue.jobs.empty(); });
      if (queue.jobs.empty()) return;
      job = std::move(queue.jobs.front());
      queue.jobs.pop_front();
    }
    try {
      job(connection);
    } catch (const pqxx::broken_connection&) {
      connection.reset();
    } catch (const std::exception& e) {
      // Jobs report their own failures; this is a last line against a dead worker.
      std::cerr << "loket: database job failed: " << e.what() << "\n";
      connection.reset();
    }
  }
}

std::string redact_url(const std::string& url) {
  // postgresql://user:password@host/db -> postgresql://user:***@host/db; key=value form too.
  std::string out = url;
  if (auto scheme = out.find("://"); scheme != std::string::npos) {
    auto at = out.find('@', scheme);
    auto colon = out.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at)
      out.replace(colon + 1, at - colon - 1, "***");
  }
  for (auto pos = out.find("password="); pos != std::string::npos;
       pos = out.find("password=", pos + 1)) {
    auto end = out.find_first_of(" &", pos);
    out.replace(pos + 9, (end == std::string::npos ? out.size() : end) - pos - 9, "***");
  }
  return out;
}

}  // namespace loket::db
