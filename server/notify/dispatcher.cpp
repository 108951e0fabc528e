#include "server/notify/dispatcher.h"

#include <boost/asio.hpp>
#include <pqxx/pqxx>

#include <map>
#include <random>

#include "connectors/rate_limiter.h"
#include "db/migrations.h"
#include "db/notification_listener.h"
#include "db/notification_store.h"
#include "intents/text_normalizer.h"
#include "server/common/db_call.h"
#include "server/common/log.h"
#include "server/common/logged_executor.h"

namespace loket::server {

namespace asio = boost::asio;
using Outcome = db::DeliveryOutcome;
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);

struct Dispatcher::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, db::Database& database, const config::NotificationSettings& s,
       std::vector<std::shared_ptr<connectors::Connector>> list, Metrics& metrics)
      : io(io),
        strand(asio::make_strand(asio::any_io_executor(io.get_executor()))),
        database(database),
        settings(s),
        metrics(metrics) {
    for (auto& c : list) connectors.emplace(std::string(c->channel()), std::move(c));
    for (const auto& [channel, limits] : settings.channels)
      limiter.set_limit(channel, limits.per_second, limits.burst);
    policy.batch = settings.batch;
    policy.timezone = settings.timezone;
    policy.quiet_start = settings.quiet_start;
    policy.quiet_end = settings.quiet_end;
  }

  asio::io_context& io;
  // Over an executor that names the municipality on what is logged (set by start()); the
  // strand's own type stays plain, so that the HTTP client still sees the strand and gives each
  // connection a strand of its own instead of one on top of this.
  asio::strand<asio::any_io_executor> strand;
  db::Database& database;
  config::NotificationSettings settings;
  Metrics& metrics;
  db::ClaimPolicy policy;
  std::map<std::string, std::shared_ptr<connectors::Connector>, std::less<>> connectors;
  connectors::RateLimiter limiter;
  std::unique_ptr<db::NotificationListener> listener;
  std::atomic<bool> stopping{false};
  std::atomic<bool> ready{false};
  mutable std::mutex problem_mutex;
  std::string problem;  // guarded by problem_mutex; see Dispatcher::problem()
  static constexpr std::size_t kMaxProblemBytes = 300;  // a probe's line, not a log
  // The last claim did not lose its connection: while PostgreSQL is away, nothing only it can
  // keep is offered (a handoff, a subscription), and a dispatcher's /readyz says so.
  std::atomic<bool> reachable{true};
  std::mt19937_64 rng{std::random_device{}()};

  std::chrono::milliseconds backoff(int attempts) {
    // Exponential with full jitter around it, so retries of a whole batch do not arrive together.
    const double base = static_cast<double>(settings.retry_base.count()) *
                        std::pow(2.0, std::min(attempts - 1, 30));
    const double capped = std::min(base, static_cast<double>(settings.retry_max.count()) * 1000);
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    return std::chrono::milliseconds(static_cast<long long>(capped * jitter(rng)));
  }

  asio::awaitable<Outcome> send_one(const db::ClaimedDelivery& d) {
    Outcome o;
    o.id = d.id;
    auto it = connectors.find(d.channel);
    if (it == connectors.end()) {
      o.kind = Outcome::Kind::failed;
      o.error = "no connector for channel '" + d.channel + "'";
      co_return o;
    }
    if (auto wait = limiter.reserve(d.channel);
        wait > std::chrono::steady_clock::duration::zero()) {
      asio::steady_timer t(strand, wait);
      co_await t.async_wait(use_nothrow);
    }
    connectors::OutgoingMessage m{d.id,          d.notification_id, d.topic,  d.lang,
                                  d.text,        d.address,         d.urgent, d.channel_data,
                                  d.last_inbound};
    connectors::SendResult r;
    try {
      r = co_await it->second->send(m);
    } catch (const std::exception& e) {
      r.kind = connectors::SendResult::Kind::retry;
      r.error = e.what();
    }
    o.error = r.error;
    o.platform_message_id = r.platform_message_id;
    static constexpr std::string_view kOutcome[] = {"sent", "retry", "failed", "wait"};
    metrics.observe_delivery(it->first, kOutcome[static_cast<int>(r.kind)]);
    switch (r.kind) {
      case connectors::SendResult::Kind::delivered:
        o.kind = Outcome::Kind::sent;
        break;
      case connectors::SendResult::Kind::retry:
        // Held back by loket's own pacing (a big notification's later part): not an attempt.
        o.kind = r.paced ? Outcome::Kind::wait : Outcome::Kind::retry;
        o.retry_in = r.retry_after.count() > 0 ? r.retry_after : backoff(d.attempts);
        break;
      case connectors::SendResult::Kind::permanent:
        o.kind = Outcome::Kind::failed;
        o.deactivate_contact = r.contact_gone;
        break;
      case connectors::SendResult::Kind::wait:
        o.kind = Outcome::Kind::wait;
        o.retry_in = r.retry_after;
        break;
    }
    co_return o;
  }

  // Outcomes of one batch on their way to the journal. A sender waits until its outcome is
  // written before it takes the next delivery, so a kill repeats at most the sends in flight.
  struct Journal {
    Journal(asio::strand<asio::any_io_executor>& strand, std::string batch)
        : strand(strand), batch(std::move(batch)) {}
    asio::strand<asio::any_io_executor>& strand;
    std::string batch;             // the claim's transaction id
    std::vector<Outcome> filling;  // written once the write before them is done
    std::shared_ptr<asio::steady_timer> written = make_timer();
    bool writing = false;
    bool failed = false;  // the batch stops: its transaction is most likely gone too

    std::shared_ptr<asio::steady_timer> make_timer() {
      return std::make_shared<asio::steady_timer>(strand, asio::steady_timer::time_point::max());
    }
  };

  static void log_journal_failure(const std::exception_ptr& error, std::size_t outcomes) {
    log::warn("dispatcher: cannot journal outcomes; the batch stops",
              {{"error", describe(error)}, {"outcomes", outcomes}});
  }

  asio::awaitable<void> write_journal(Journal& journal, std::size_t connection) {
    auto self = shared_from_this();
    journal.writing = true;
    while (!journal.filling.empty() && !journal.failed) {
      std::vector<Outcome> group = std::move(journal.filling);
      journal.filling.clear();
      auto written = std::exchange(journal.written, journal.make_timer());
      const auto job = [&group, &batch = journal.batch](db::Connection& c) {
        db::journal_outcomes(c.get(), batch, group);
        return true;
      };
      const auto stored = co_await db_call_pinned(database, connection, job);
      if (!stored) {
        log_journal_failure(stored.error(), group.size());
        journal.failed = true;
      }
      written->cancel();
    }
    if (journal.failed) journal.written->cancel();
    journal.writing = false;
  }

  asio::awaitable<void> journal_outcome(Journal& journal, const Outcome& outcome,
                                        std::size_t connection) {
    // A failed journal is not waited for: its writer may be gone, and a timer cancelled before
    // the wait starts would never wake this sender.
    if (journal.failed) co_return;
    journal.filling.push_back(outcome);
    auto written = journal.written;
    // The writer may run inline up to its database call (co_spawn dispatches on this strand).
    if (!journal.writing)
      asio::co_spawn(strand, write_journal(journal, connection), asio::detached);
    co_await written->async_wait(use_nothrow);
  }

  asio::awaitable<std::vector<Outcome>> send_all(const std::vector<db::ClaimedDelivery>& batch,
                                                 const std::string& batch_id,
                                                 std::size_t journal_connection) {
    // A fixed number of senders take the batch's deliveries in turn: each keeps reusing one
    // connection, where a send per delivery at once would open (and close) hundreds.
    std::vector<Outcome> outcomes(batch.size());
    std::size_t next = 0;
    std::size_t running = std::min(batch.size(), settings.sends_in_flight);
    asio::steady_timer done(strand, asio::steady_timer::time_point::max());
    Journal journal(strand, batch_id);
    auto self = shared_from_this();
    for (std::size_t s = 0, n = running; s < n; ++s) {
      asio::co_spawn(
          strand,
          [&]() -> asio::awaitable<void> {
            // Stopping: what is not sent yet stays pending (no outcome is recorded for it) and
            // goes out after the next start, here or on another instance.
            while (next < batch.size() && !stopping && !journal.failed) {
              const std::size_t i = next++;
              try {
                outcomes[i] = co_await send_one(batch[i]);
              } catch (const std::exception& e) {
                outcomes[i].id = batch[i].id;
                outcomes[i].kind = Outcome::Kind::retry;
                outcomes[i].retry_in = backoff(batch[i].attempts);
                outcomes[i].error = e.what();
              }
              co_await journal_outcome(journal, outcomes[i], journal_connection);
            }
            if (--running == 0) done.cancel();
          },
          [](std::exception_ptr) {});
    }
    if (running > 0) co_await done.async_wait(use_nothrow);
    co_return outcomes;
  }

  // One claim-send-record loop. Several run side by side: while one waits on the database,
  // another sends; SKIP LOCKED keeps them (and other instances) off each other's deliveries.
  struct Worker {
    explicit Worker(asio::strand<asio::any_io_executor>& strand) : timer(strand) {}
    asio::steady_timer timer;
    bool woken = false;
    std::chrono::milliseconds pause{250};
    bool outage_logged = false;
  };
  std::vector<std::unique_ptr<Worker>> workers;

  asio::awaitable<void> pause_after_failure(Worker& w, const std::string& failure) {
    if (!w.outage_logged)
      log::warn("dispatcher: database unavailable, retrying", {{"error", failure}});
    w.outage_logged = true;
    w.timer.expires_after(w.pause);
    co_await w.timer.async_wait(use_nothrow);
    w.pause = std::min(w.pause * 2, std::chrono::milliseconds(10000));
  }

  // A fan-out its instance left half-way (stopped between two chunks) is finished here. Only
  // older ones are taken up so that a fan-out still running is normally left to its request,
  // though joining one is harmless: the chunks take turns.
  static constexpr std::chrono::seconds kFanOutStale{30};
  std::unique_ptr<asio::steady_timer> sweep_timer;
  bool sweep_failing = false;  // said once in the log until it works again

  asio::awaitable<void> finish_fan_outs() {
    auto self = shared_from_this();
    const auto every = std::max(settings.poll_interval * 10, std::chrono::milliseconds(1000));
    while (!stopping) {
      sweep_timer->expires_after(every);
      co_await sweep_timer->async_wait(use_nothrow);
      if (stopping) break;
      const auto job = [](pqxx::connection_base& c) {
        return db::finish_fan_outs(c, kFanOutStale);
      };
      const auto finished = co_await db_call(database, job);
      if (!finished) {
        if (lost_connection(finished.error())) continue;  // the workers say so in the log
        if (!sweep_failing)
          log::warn("dispatcher: cannot finish a fan-out, retrying",
                    {{"error", describe(finished.error())}});
        sweep_failing = true;
        continue;
      }
      sweep_failing = false;
      if (*finished > 0) log::info("unfinished fan-outs finished", {{"notifications", *finished}});
    }
  }

  void wake_all() {
    for (auto& w : workers) {
      w->woken = true;
      w->timer.cancel();
    }
  }

  asio::awaitable<void> run() {
    auto self = shared_from_this();
    Worker first(strand);
    while (!stopping && !ready) {
      const auto job = [](pqxx::connection_base& c) { return db::migrate(c); };
      const auto applied = co_await db_call(database, job);
      if (!applied) {
        const std::string failure = describe(applied.error());
        const bool unreachable = lost_connection(applied.error());
        {
          std::lock_guard lock(problem_mutex);
          problem = (unreachable ? "unreachable: " : "not migrated: ") +
                    std::string(intents::utf8_prefix(failure, kMaxProblemBytes));
        }
        if (!first.outage_logged && unreachable)
          log::warn("dispatcher: database unavailable, retrying",
                    {{"error", failure},
                     {"fix",
                      "check that PostgreSQL runs and that LOKET_DATABASE_URL names an "
                      "existing database (createdb NAME) and a user that may use it"}});
        first.outage_logged = first.outage_logged || unreachable;
        co_await pause_after_failure(first, failure);
        continue;
      }
      for (const auto& name : *applied) log::info("migration applied", {{"name", name}});
      {
        std::lock_guard lock(problem_mutex);
        problem.clear();
      }
      ready = true;
    }
    if (stopping) co_return;
    for (std::size_t i = 0; i < settings.workers; ++i)
      workers.push_back(std::make_unique<Worker>(strand));
    log::info("dispatcher started", {{"channels", connectors.size()}, {"workers", workers.size()}});
    listener = std::make_unique<db::NotificationListener>(
        database.url(), db::kDeliveryChannel, [weak = weak_from_this()] {
          if (auto impl = weak.lock()) asio::post(impl->strand, [impl] { impl->wake_all(); });
        });
    sweep_timer = std::make_unique<asio::steady_timer>(strand);
    asio::co_spawn(strand, finish_fan_outs(), asio::detached);
    for (std::size_t i = 0; i < workers.size(); ++i)
      asio::co_spawn(strand, work(*workers[i], i), [](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          log::error("dispatcher worker stopped", {{"what", ex.what()}});
        }
      });
  }

  struct Claimed {
    std::vector<db::ClaimedDelivery> deliveries;
    std::string batch;  // its transaction's id
  };

  // Worker `index` keeps its batch's transaction open on pinned database worker `index`, and
  // journals outcomes on pinned worker `workers + index`.
  asio::awaitable<void> work(Worker& w, std::size_t index) {
    auto self = shared_from_this();
    while (!stopping) {
      w.woken = false;
      const auto job = [policy = policy, max_attempts = settings.max_attempts](db::Connection& c) {
        db::settle_orphaned_journal(c.get(), max_attempts);
        c.open_transaction = std::make_unique<pqxx::work>(c.get());
        Claimed claimed;
        claimed.deliveries = db::claim_deliveries(*c.open_transaction, policy);
        if (claimed.deliveries.empty()) {  // nothing to send: settle what the claim moved
          c.open_transaction->commit();
          c.open_transaction.reset();
        } else {
          claimed.batch = db::batch_id(*c.open_transaction);
        }
        return claimed;
      };
      auto claimed = co_await db_call_pinned(database, index, job);
      if (!claimed) {
        if (lost_connection(claimed.error())) reachable = false;
        const std::string failure = describe(claimed.error());
        co_await pause_after_failure(w, failure);
        continue;
      }
      std::vector<db::ClaimedDelivery> batch = std::move(claimed->deliveries);
      reachable = true;
      if (w.outage_logged) log::info("dispatcher: database back");
      w.outage_logged = false;
      w.pause = std::chrono::milliseconds(250);
      if (batch.empty()) {
        if (!w.woken) {
          w.timer.expires_after(settings.poll_interval);
          co_await w.timer.async_wait(use_nothrow);
        }
        continue;
      }
      auto outcomes = co_await send_all(batch, claimed->batch, workers.size() + index);
      std::erase_if(outcomes, [](const Outcome& o) { return o.id == 0; });  // not sent: stopping
      // Recorded in the claim's transaction. If that fails (the database went away), the
      // transaction is gone with its locks: the batch is due again and is sent again, with the
      // same idempotency keys (at least once).
      const auto record = [&outcomes, max = settings.max_attempts](db::Connection& c) {
        if (!c.open_transaction) throw pqxx::broken_connection("the batch's transaction was lost");
        db::record_outcomes(*c.open_transaction, outcomes, max);
        c.open_transaction->commit();
        c.open_transaction.reset();
        return true;
      };
      const auto recorded = co_await db_call_pinned(database, index, record);
      if (!recorded) {
        const std::string failure = describe(recorded.error());
        co_await pause_after_failure(w, failure);
      }
    }
  }
};

Dispatcher::Dispatcher(asio::io_context& io, db::Database& database,
                       const config::NotificationSettings& settings,
                       std::vector<std::shared_ptr<connectors::Connector>> connectors,
                       Metrics& metrics)
    : impl_(std::make_shared<Impl>(io, database, settings, std::move(connectors), metrics)) {}

Dispatcher::~Dispatcher() {
  impl_->stopping = true;
  impl_->listener.reset();
}

void Dispatcher::start(const std::string* municipality) {
  // Nothing is on the strand yet: it is made again over the executor that names the
  // municipality.
  impl_->strand = asio::make_strand(logged_as(impl_->io.get_executor(), municipality));
  asio::co_spawn(impl_->strand, impl_->run(), [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      log::error("dispatcher stopped", {{"what", ex.what()}});
    }
  });
}

void Dispatcher::stop() {
  impl_->stopping = true;
  asio::post(impl_->strand, [impl = impl_] {
    impl->wake_all();
    if (impl->sweep_timer) impl->sweep_timer->cancel();
    impl->listener.reset();
  });
}

bool Dispatcher::ready() const {
  return impl_->ready;
}

std::string Dispatcher::problem() const {
  std::lock_guard lock(impl_->problem_mutex);
  return impl_->problem;
}

bool Dispatcher::database_answers() const {
  return impl_->reachable;
}

std::string Dispatcher::database_state() const {
  if (ready()) return database_answers() ? "reachable" : "unreachable";
  std::string why = problem();
  return why.empty() ? "not ready (connecting or migrating)" : why;
}

}  // namespace loket::server
