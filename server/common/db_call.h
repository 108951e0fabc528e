// Runs a blocking database job on the Database's own threads and resumes the calling coroutine
// on its executor with a DbResult: the job's value, or its exception as the error (a database
// that is away is a normal failure, not an exception at the caller). The I/O threads never
// block on PostgreSQL. Internal to server/.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <boost/system/result.hpp>

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include <pqxx/except>

#include "db/database.h"
#include "server/common/log.h"

namespace loket::server {

// A database job's value, or the exception it ended with. `value()` rethrows that exception,
// for callers that map database errors to answers in one place (the staff API).
template <typename T>
using DbResult = boost::system::result<T, std::exception_ptr>;

// The failure for a log line: the exception's what().
std::string describe(const std::exception_ptr& error);
// Whether the failure was the connection to PostgreSQL going away.
bool lost_connection(const std::exception_ptr& error);

// Not a coroutine itself, and call sites pass a named job: GCC 12 destroys temporaries with
// non-trivial destructors twice when they sit in a co_await expression.
template <typename Job, typename Result>
auto db_call_on(db::Database& database, std::optional<std::size_t> pinned, const Job& job)
    -> boost::asio::awaitable<DbResult<Result>> {
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(DbResult<Result>)>(
      [&database, pinned](auto handler, Job job) {
        auto executor = boost::asio::get_associated_executor(handler);
        // The queue holds copyable jobs; the completion handler is move-only.
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        // Counts as work for the io_context, so it does not return (and die) under a running job.
        auto work = boost::asio::make_work_guard(executor);
        auto run = [executor, work, job = std::move(job), shared,
                    municipality =
                        log::MunicipalityScope::current()](db::Connection& connection) mutable {
          // The caller's municipality named on what the job logs.
          const log::MunicipalityScope scope(municipality);
          std::exception_ptr error;
          Result result{};
          try {
            result = job(connection);
          } catch (const pqxx::broken_connection&) {
            error = std::current_exception();
            connection.reset();  // the next job reconnects
          } catch (...) {
            error = std::current_exception();
            // A failed transaction must not outlive its job: on a pinned connection the next
            // job would find it still attached.
            connection.open_transaction.reset();
          }
          boost::asio::post(executor, [shared, error, result = std::move(result)]() mutable {
            if (error)
              std::move (*shared)(DbResult<Result>(boost::system::in_place_error, error));
            else
              std::move (*shared)(DbResult<Result>(std::move(result)));
          });
        };
        if (pinned)
          database.submit_pinned(*pinned, std::move(run));
        else
          database.submit(std::move(run));
      },
      boost::asio::use_awaitable, job);
}

// A job on any pooled connection: F(pqxx::connection_base&) -> value.
template <typename F>
auto db_call(db::Database& database, const F& job)
    -> boost::asio::awaitable<DbResult<std::invoke_result_t<F, pqxx::connection_base&>>> {
  using Result = std::invoke_result_t<F, pqxx::connection_base&>;
  static_assert(!std::is_void_v<Result>, "database jobs return a value");
  const auto on_connection = [job](db::Connection& c) { return job(c.get()); };
  return db_call_on<decltype(on_connection), Result>(database, std::nullopt, on_connection);
}

// A job on pinned worker `index`: F(db::Connection&) -> value; it may leave a transaction open
// in Connection::open_transaction for its next job there.
template <typename F>
auto db_call_pinned(db::Database& database, std::size_t index, const F& job)
    -> boost::asio::awaitable<DbResult<std::invoke_result_t<F, db::Connection&>>> {
  using Result = std::invoke_result_t<F, db::Connection&>;
  static_assert(!std::is_void_v<Result>, "database jobs return a value");
  return db_call_on<F, Result>(database, index, job);
}

}  // namespace loket::server
