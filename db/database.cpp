#include "db/database.h"

#include <libpq-fe.h>
#include <pqxx/pqxx>

#include <algorithm>
#include <iostream>
#include <map>
#include <stdexcept>

namespace loket::db {

Connection::Connection(std::string url, std::chrono::seconds statement_timeout)
    : url_(std::move(url)), wanted_{schema_in(url_), statement_timeout} {}
Connection::~Connection() {
  reset();
}

pqxx::connection_base& Connection::get() {
  if (connection_ && !connection_->is_open()) reset();
  // Back to no schema: reconnecting is simpler than undoing one, and no pool does it.
  if (connection_ && wanted_.schema.empty() && applied_.schema.value_or("") != "") reset();
  if (!connection_) {
    // A server that takes the connection and never answers (a stuck pooler) must not hold this
    // thread, and the stop that waits for it, for ever.
    connection_ = std::make_unique<pqxx::connection>(with_connect_timeout(url_, kConnectTimeout));
    // A dispatcher holds its batch's rows while it sends: a staff or chat change to one of them
    // waits at most this long, then fails (and is retried by its caller) instead of tying up a
    // database thread. Set as libpqxx variables, which it sets again on a connection it reopens
    // by itself (a broken one used again within a job).
    connection_->set_variable("lock_timeout", "'5s'");
    // Nothing set yet: the URL's startup options may have been dropped by a pooler.
    applied_ = {std::nullopt, std::chrono::seconds(-1)};
  }
  // Each setting is a round trip: a shared pool's connection changing municipality sets only
  // what differs (their timeouts are mostly the same).
  if (applied_.statement_timeout != wanted_.statement_timeout) {
    // Appended, not added: GCC 12 warns falsely (-Wrestrict) on "'" + std::string.
    std::string timeout("'");
    timeout.append(std::to_string(wanted_.statement_timeout.count())).append("s'");
    connection_->set_variable("statement_timeout", timeout);
    applied_.statement_timeout = wanted_.statement_timeout;
  }
  if (applied_.schema != wanted_.schema) {
    applied_.schema.reset();  // unknown until both settings are made
    use_schema(*connection_, wanted_.schema);
    applied_.schema = wanted_.schema;
  }
  return *connection_;
}

void Connection::serve_as(const std::string& schema, std::chrono::seconds statement_timeout) {
  wanted_ = {schema, statement_timeout};
}

void Connection::reset() {
  open_transaction.reset();
  connection_.reset();
}

Database::Database(std::string url, std::size_t pool_size, std::size_t pinned,
                   std::chrono::seconds statement_timeout)
    : url_(std::move(url)), statement_timeout_(statement_timeout) {
  for (std::size_t i = 0; i < pinned; ++i) pinned_.push_back(std::make_unique<Queue>());
  for (std::size_t i = 0; i < std::max<std::size_t>(pool_size, 1); ++i)
    workers_.emplace_back([this] { work(shared_); });
  for (auto& queue : pinned_) workers_.emplace_back([this, &q = *queue] { work(q); });
}

Database::Database(std::shared_ptr<Database> pool, std::string url, std::size_t pinned,
                   std::chrono::seconds statement_timeout)
    : url_(std::move(url)),
      statement_timeout_(statement_timeout),
      pool_(std::move(pool)),
      schema_(schema_in(url_)),
      on_pool_(std::make_shared<OnPool>()) {
  for (std::size_t i = 0; i < pinned; ++i) pinned_.push_back(std::make_unique<Queue>());
  for (auto& queue : pinned_) workers_.emplace_back([this, &q = *queue] { work(q); });
}

Database::~Database() {
  shutdown();
}

// One job of a municipality's on the shared pool, counted until it is destroyed: what it holds
// (its caller's completion handler) must be gone before the municipality's shutdown returns.
struct Database::PendingJob {
  // Null once the municipality stopped: its jobs are no longer taken.
  static std::shared_ptr<PendingJob> make(const std::shared_ptr<OnPool>& on_pool, Job& job) {
    std::lock_guard lock(on_pool->mutex);
    if (on_pool->stopped) return nullptr;
    ++on_pool->pending;
    return std::make_shared<PendingJob>(on_pool, std::move(job));
  }
  PendingJob(std::shared_ptr<OnPool> on_pool, Job job)  // counted by make()
      : on_pool(std::move(on_pool)), job(std::move(job)) {}
  ~PendingJob() {
    job = nullptr;
    std::lock_guard lock(on_pool->mutex);
    if (--on_pool->pending == 0) on_pool->idle.notify_all();
  }
  PendingJob(const PendingJob&) = delete;
  PendingJob& operator=(const PendingJob&) = delete;

  const std::shared_ptr<OnPool> on_pool;
  Job job;
};

void Database::shutdown() {
  if (on_pool_) {
    // On a shared pool: this municipality's queued jobs go, its running ones finish; the
    // others' go on.
    {
      std::lock_guard lock(on_pool_->mutex);
      on_pool_->stopped = true;
    }
    pool_->drop(on_pool_.get());
    std::unique_lock lock(on_pool_->mutex);
    on_pool_->idle.wait(lock, [this] { return on_pool_->pending == 0; });
  }
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
  if (!pool_) {
    enqueue(shared_, nullptr, std::move(job));
    return;
  }
  auto pending = PendingJob::make(on_pool_, job);
  if (!pending) return;
  pool_->enqueue(pool_->shared_, on_pool_.get(),
                 [pending, schema = schema_, timeout = statement_timeout_](Connection& c) {
                   {
                     std::lock_guard lock(pending->on_pool->mutex);
                     if (pending->on_pool->stopped) return;
                   }
                   c.serve_as(schema, timeout);
                   pending->job(c);
                 });
}

void Database::submit_pinned(std::size_t index, Job job) {
  enqueue(*pinned_.at(index), nullptr, std::move(job));
}

void Database::enqueue(Queue& queue, const void* owner, Job job) {
  {
    std::lock_guard lock(queue.mutex);
    queue.jobs.emplace_back(owner, std::move(job));
  }
  queue.ready.notify_one();
}

void Database::drop(const void* owner) {
  std::vector<Job> dropped;  // destroyed after the lock: what they hold may take locks of its own
  std::lock_guard lock(shared_.mutex);
  for (auto it = shared_.jobs.begin(); it != shared_.jobs.end();) {
    if (it->first != owner) {
      ++it;
      continue;
    }
    dropped.push_back(std::move(it->second));
    it = shared_.jobs.erase(it);
  }
}

void Database::work(Queue& queue) {
  Connection connection(url_, statement_timeout_);
  for (;;) {
    Job job;
    {
      std::unique_lock lock(queue.mutex);
      queue.ready.wait(lock, [&] { return stopping_ || !queue.jobs.empty(); });
      if (queue.jobs.empty()) return;
      job = std::move(queue.jobs.front().second);
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

namespace {

// `url` (either form) in libpq's key=value form with every value quoted, as libpq reads it;
// `has[keyword]` set for the keywords given. Throws std::invalid_argument when unreadable.
std::string keyword_value_form(const std::string& url, std::map<std::string, bool>& has) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    const std::string why = error != nullptr ? error : "unreadable";
    PQfreemem(error);
    throw std::invalid_argument("the database URL cannot be read: " + why);
  }
  std::string out;
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0') continue;
    has[o->keyword] = true;
    out.append(out.empty() ? "" : " ").append(o->keyword).append("='");
    for (const char* c = o->val; *c != '\0'; ++c) {
      if (*c == '\'' || *c == '\\') out.push_back('\\');
      out.push_back(*c);
    }
    out.push_back('\'');
  }
  PQconninfoFree(options);
  return out;
}

}  // namespace

std::string with_schema(const std::string& url, const std::string& schema) {
  // It goes into the options unquoted: nothing but a plain identifier may.
  if (schema.empty() || !std::all_of(schema.begin(), schema.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      }))
    throw std::invalid_argument("a schema name is lower-case letters, digits and '_'");
  std::map<std::string, bool> has;
  std::string out = keyword_value_form(url, has);
  if (has["options"])
    throw std::invalid_argument("a hosted municipality's database URL may not set options");
  return out.append(out.empty() ? "" : " ")
      .append("options='-csearch_path=")
      .append(schema)
      .append(" -c")
      .append(kTenantSetting)
      .append("=")
      .append(schema)
      .append("'");
}

std::string with_connect_timeout(const std::string& url, std::chrono::seconds timeout) {
  std::map<std::string, bool> has;
  std::string out = keyword_value_form(url, has);
  if (has["connect_timeout"]) return out;
  return out.append(out.empty() ? "" : " ")
      .append("connect_timeout='")
      .append(std::to_string(timeout.count()))
      .append("'");
}

std::string schema_in(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    PQfreemem(error);
    return {};
  }
  std::string schema;
  std::string marker = "-c";
  marker.append(kTenantSetting).append("=");
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || std::string_view(o->keyword) != "options") continue;
    const std::string_view value = o->val;
    if (const auto at = value.find(marker); at != std::string_view::npos) {
      const auto rest = value.substr(at + marker.size());
      schema = std::string(rest.substr(0, rest.find(' ')));
    }
  }
  PQconninfoFree(options);
  return schema;
}

std::string without_schema(const std::string& url) {
  if (schema_in(url).empty()) return url;
  // with_schema() appended the options last, after a space unless they are all there is.
  const auto at = url.rfind("options='-csearch_path=");
  return url.substr(0, at == 0 ? 0 : at - 1);
}

void use_schema(pqxx::connection_base& connection, const std::string& schema) {
  if (schema.empty()) return;
  // libpqxx variables: set again on a connection it reopens by itself.
  connection.set_variable("search_path", connection.quote_name(schema));
  // A schema is a plain identifier (with_schema()), so it needs no escaping inside quotes.
  std::string tenant("'");
  tenant.append(schema).append("'");
  connection.set_variable(std::string(kTenantSetting), tenant);
}

bool is_readable_url(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  PQfreemem(error);
  if (options == nullptr) return false;
  PQconninfoFree(options);
  return true;
}

std::string redact_url(const std::string& url) {
  // libpq reads both forms (URL and key=value, quoted values, any spacing): what it would use,
  // without the password, is what may be shown.
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    PQfreemem(error);
    return "(a connection string PostgreSQL cannot read)";
  }
  std::string out;
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0') continue;
    const std::string_view keyword = o->keyword;
    out.append(out.empty() ? "" : " ").append(keyword).append("=");
    out.append(keyword == "password" || std::string_view(o->dispchar) == "*" ? "***" : o->val);
  }
  PQconninfoFree(options);
  return out;
}

}  // namespace loket::db
