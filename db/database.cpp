#include "db/database.h"

#include <pqxx/pqxx>

#include <iostream>

namespace loket::db {

Connection::Connection(std::string url) : url_(std::move(url)) {}
Connection::~Connection() = default;

pqxx::connection_base& Connection::get() {
  if (connection_ && !connection_->is_open()) connection_.reset();
  if (!connection_) connection_ = std::make_unique<pqxx::connection>(url_);
  return *connection_;
}

void Connection::reset() { connection_.reset(); }

Database::Database(std::string url, std::size_t pool_size) : url_(std::move(url)) {
  for (std::size_t i = 0; i < std::max<std::size_t>(pool_size, 1); ++i)
    workers_.emplace_back([this] { work(); });
}

Database::~Database() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& w : workers_) w.join();
}

void Database::submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  ready_.notify_one();
}

std::size_t Database::queued() const {
  std::lock_guard lock(mutex_);
  return jobs_.size();
}

void Database::work() {
  Connection connection(url_);
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
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
