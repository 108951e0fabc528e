#include "server/common/conversation_states.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <pqxx/except>

#include <algorithm>

#include "db/conversation_state_store.h"
#include "server/common/log.h"
#include "server/common/resumer.h"
#include "server/common/session_state_json.h"

namespace loket::server {

namespace asio = boost::asio;

namespace {

// How long a turn waits for the database before it goes on with this instance's memory.
constexpr auto kDeadline = std::chrono::seconds(2);
// At most this many conversations in one statement; more wait for the next round trip.
constexpr std::size_t kMaxBatch = 512;
// A batch goes to the database at most this often. Each statement costs PostgreSQL a fixed
// amount (waking a backend, planning, a commit) well above what one more conversation in it
// costs, so under load the turns of a millisecond share one; a turn that finds the last batch
// older than this goes at once, so a quiet instance adds no wait.
constexpr auto kGatherWindow = std::chrono::milliseconds(1);

// Runs `body` on the connection; false (logged) when it failed. A broken connection is reopened
// by the next job.
template <typename Body>
bool attempt(db::Connection& connection, const char* what, std::size_t conversations,
             const Body& body) {
  try {
    body(connection.get());
    return true;
  } catch (const pqxx::broken_connection& e) {
    connection.reset();
    log::warn(what, {{"conversations", conversations}, {"error", e.what()}});
  } catch (const std::exception& e) {
    log::warn(what, {{"conversations", conversations}, {"error", e.what()}});
  }
  return false;
}

}  // namespace

ConversationStates::ConversationStates(std::shared_ptr<dialogue::SessionStore> memory,
                                       std::chrono::seconds ttl)
    : memory_(std::move(memory)), ttl_(ttl) {}

void ConversationStates::use_database(db::Database* database, std::size_t worker,
                                      std::function<bool()> available,
                                      asio::any_io_executor executor) {
  database_ = database;
  worker_ = worker;
  available_ = std::move(available);
  executor_ = executor;
  gather_ = std::make_unique<asio::steady_timer>(executor);
  deadline_ = std::make_unique<asio::steady_timer>(executor);
}

bool ConversationStates::database_up() const {
  return database_ != nullptr && (!available_ || available_());
}

std::uint64_t ConversationStates::failures() const {
  std::lock_guard lock(mutex_);
  return failures_;
}

bool ConversationStates::only_in_memory(const std::string& session) const {
  std::lock_guard lock(mutex_);
  return unsaved_.count(session) > 0;
}

asio::awaitable<ConversationStates::Loaded> ConversationStates::load(const std::string& session) {
  Loaded out;
  // Its last save failed: the database holds an older state than this instance's memory, which
  // the next save overwrites.
  if (!database_up() || only_in_memory(session)) {
    out.state = memory_->get(session).value_or(dialogue::SessionState{});
    out.version = db::kOverwriteConversationState;
    co_return out;
  }
  // The copy of what this instance stored last, unless the conversation is with a person: what
  // happens in a handoff is not taken back, so it starts from the database's state.
  if (auto copy = memory_->get_versioned(session);
      copy && copy->version > 0 && copy->state.handoff == dialogue::SessionState::Handoff::none) {
    out.state = std::move(copy->state);
    out.version = copy->version;
    out.cached = true;
    co_return out;
  }
  auto loaded = asio::async_initiate<decltype(asio::use_awaitable),
                                     void(std::optional<std::string>, std::int64_t, bool)>(
      [this](auto handler, std::string session) {
        Load load;
        load.session = std::move(session);
        load.resume = resumer<std::optional<std::string>, std::int64_t, bool>(std::move(handler));
        enqueue(std::move(load));
      },
      asio::use_awaitable, session);
  auto [text, version, read] = co_await std::move(loaded);
  if (read) {
    out.version = version;
    if (text) out.state = read_session_state(*text);
    co_return out;
  }
  // The database failed this once: this instance's copy, if it has one, still checked against
  // what another stored meanwhile; else a fresh state that overwrites nothing.
  if (auto copy = memory_->get_versioned(session)) {
    out.state = std::move(copy->state);
    out.version = copy->version > 0 ? copy->version : db::kOverwriteConversationState;
    out.cached = true;
  }
  co_return out;
}

asio::awaitable<bool> ConversationStates::save(const std::string& session,
                                               dialogue::SessionState state,
                                               std::int64_t read_version) {
  if (database_up()) {
    db::ConversationStateSave row;
    row.session = session;
    row.state = write_session_state(state);
    row.read_version = read_version;
    auto saved = asio::async_initiate<decltype(asio::use_awaitable), void(Outcome, std::int64_t)>(
        [this](auto handler, db::ConversationStateSave row) {
          Save save;
          save.row = std::move(row);
          save.resume = resumer<Outcome, std::int64_t>(std::move(handler));
          enqueue(std::move(save));
        },
        asio::use_awaitable, std::move(row));
    const auto [outcome, version] = co_await std::move(saved);
    if (outcome == Outcome::lost) {
      memory_->erase(session);
      std::lock_guard lock(mutex_);
      unsaved_.erase(session);  // the database holds the newer state now
      co_return false;
    }
    if (outcome == Outcome::stored) {
      memory_->put(session, std::move(state), version);
      std::lock_guard lock(mutex_);
      unsaved_.erase(session);
      co_return true;
    }
    // Remembered (bounded) so that this instance's next turn reads memory, not the older row.
    std::lock_guard lock(mutex_);
    if (unsaved_.size() < kMaxUnsaved) unsaved_.insert(session);
  }
  memory_->put(session, std::move(state));
  co_return true;
}

void ConversationStates::forget(const std::string& session) {
  memory_->erase(session);
}

// `since` stamped under the lock, so the queue stays oldest first for the deadline's timer.
void ConversationStates::enqueue(Load load) {
  std::lock_guard lock(mutex_);
  load.since = Clock::now();
  loads_.push_back(std::move(load));
  schedule();
}

void ConversationStates::enqueue(Save save) {
  std::lock_guard lock(mutex_);
  save.since = Clock::now();
  saves_.push_back(std::move(save));
  schedule();
}

namespace {

template <typename Item, typename... Args>
void settle(Item& item, Args... args) {
  if (item.settled) return;
  item.settled = true;
  item.resume(std::move(args)...);
  item.resume = nullptr;  // its hold on the turn's executor goes with it
}

}  // namespace

// One batch at the database at a time, and at most one a gather window: what arrives meanwhile
// goes with the next, so under load the batches grow instead of the round trips multiplying.
void ConversationStates::schedule() {
  if (loads_.empty() && saves_.empty()) return;
  watch_deadlines();
  if (at_database_) return;
  const auto due = last_submitted_ + kGatherWindow;
  if (Clock::now() >= due) {
    gather_->cancel();
    submit();
    return;
  }
  if (gather_->expiry() == due) return;  // already gathering for then
  gather_->expires_at(due);
  gather_->async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    std::lock_guard lock(mutex_);
    schedule();
  });
}

// A batch holds at most one save of a conversation and no load of one it saves (the statement's
// loads see the state from before its saves); the others wait for the next batch, which sees what
// this one stored.
void ConversationStates::submit() {
  auto batch = std::make_unique<Batch>();
  std::unordered_set<std::string> saved;
  std::vector<Save> later_saves;
  for (auto& s : saves_) {
    if (batch->saves.size() < kMaxBatch && saved.insert(s.row.session).second)
      batch->saves.push_back(std::move(s));
    else
      later_saves.push_back(std::move(s));
  }
  saves_ = std::move(later_saves);
  std::vector<Load> later_loads;
  for (auto& l : loads_) {
    if (batch->loads.size() < kMaxBatch && !saved.count(l.session))
      batch->loads.push_back(std::move(l));
    else
      later_loads.push_back(std::move(l));
  }
  loads_ = std::move(later_loads);
  // The database thread gets copies, so the batch itself is only touched under mutex_.
  std::vector<db::ConversationStateSave> rows;
  rows.reserve(batch->saves.size());
  for (const auto& s : batch->saves) rows.push_back(s.row);
  std::vector<std::string> sessions;
  sessions.reserve(batch->loads.size());
  for (const auto& l : batch->loads) sessions.push_back(l.session);
  at_database_ = std::move(batch);
  last_submitted_ = Clock::now();
  database_->submit_pinned(
      worker_, [this, rows = std::move(rows), sessions = std::move(sessions), ttl = ttl_,
                municipality = log::MunicipalityScope::current()](db::Connection& connection) {
        const log::MunicipalityScope scope(municipality);
        db::ConversationStateExchange exchanged;
        const bool done = attempt(connection, "conversation state not exchanged",
                                  rows.size() + sessions.size(), [&](pqxx::connection_base& c) {
                                    exchanged =
                                        db::exchange_conversation_states(c, rows, sessions, ttl);
                                  });
        std::lock_guard lock(mutex_);
        finish(done, std::move(exchanged));
      });
}

// Each turn waits for the database at most kDeadline from when it asked (a stalled connection, a
// locked table), then goes on with this instance's memory; one timer, for the oldest turn.
void ConversationStates::watch_deadlines() {
  if (deadline_armed_) return;
  std::optional<Clock::time_point> oldest;
  const auto consider = [&oldest](const auto& items) {
    for (const auto& item : items)
      if (!item.settled && (!oldest || item.since < *oldest)) oldest = item.since;
  };
  consider(loads_);
  consider(saves_);
  if (at_database_) {
    consider(at_database_->loads);
    consider(at_database_->saves);
  }
  if (!oldest) return;
  deadline_armed_ = true;
  deadline_->expires_at(*oldest + kDeadline);
  deadline_->async_wait([this](const boost::system::error_code& ec) {
    std::lock_guard lock(mutex_);
    deadline_armed_ = false;
    if (ec) return;
    give_up_late(Clock::now());
    watch_deadlines();
  });
}

void ConversationStates::give_up_late(Clock::time_point now) {
  std::size_t late = 0;
  const auto fail_loads = [&](std::vector<Load>& loads) {
    for (auto& l : loads)
      if (!l.settled && l.since + kDeadline <= now) {
        settle(l, std::nullopt, db::kNoConversationState, false);
        ++late;
      }
  };
  const auto fail_saves = [&](std::vector<Save>& saves) {
    for (auto& s : saves)
      if (!s.settled && s.since + kDeadline <= now) {
        settle(s, Outcome::failed, std::int64_t{0});
        ++late;
      }
  };
  if (at_database_) {
    fail_loads(at_database_->loads);
    fail_saves(at_database_->saves);
  }
  // Those still waiting for a batch go no further: their turns have moved on.
  fail_loads(loads_);
  fail_saves(saves_);
  std::erase_if(loads_, [](const Load& l) { return l.settled; });
  std::erase_if(saves_, [](const Save& s) { return s.settled; });
  if (late > 0) {
    ++failures_;
    log::warn("conversation state: the database is late", {{"conversations", late}});
  }
}

void ConversationStates::finish(bool done, db::ConversationStateExchange out) {
  const auto batch = std::move(at_database_);
  // A round trip the deadline already gave up on was counted then.
  const auto unsettled = [](const auto& item) { return !item.settled; };
  if (!done && (std::any_of(batch->saves.begin(), batch->saves.end(), unsettled) ||
                std::any_of(batch->loads.begin(), batch->loads.end(), unsettled)))
    ++failures_;
  for (auto& s : batch->saves) {
    const auto stored = out.stored.find(s.row.session);
    if (!done)
      settle(s, Outcome::failed, std::int64_t{0});
    else if (stored == out.stored.end())
      settle(s, Outcome::lost, std::int64_t{0});
    else
      settle(s, Outcome::stored, stored->second);
  }
  for (auto& l : batch->loads) {
    auto it = out.loaded.find(l.session);
    if (it == out.loaded.end())
      settle(l, std::optional<std::string>{}, db::kNoConversationState, done);
    else
      settle(l, std::optional<std::string>{std::move(it->second.state)}, it->second.version, done);
  }
  schedule();
}

asio::awaitable<void> ConversationStates::purge_expired(asio::steady_timer& timer) {
  if (database_ == nullptr) co_return;
  // As often as conversations expire, but no more than once a second or less than once a minute.
  const auto interval =
      std::clamp<std::chrono::seconds>(ttl_, std::chrono::seconds(1), std::chrono::minutes(1));
  // A cancel that came while the purge was at the database is not lost: stop() is checked.
  while (!stopping_) {
    timer.expires_after(interval);
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec || stopping_) co_return;
    if (!database_up()) continue;
    auto purged = asio::async_initiate<decltype(asio::use_awaitable), void(bool)>(
        [this](auto handler) {
          database_->submit([resume = resumer<bool>(std::move(handler)),
                             municipality = log::MunicipalityScope::current()](db::Connection& c) {
            const log::MunicipalityScope scope(municipality);
            std::size_t n = 0;
            const bool done = attempt(
                c, "expired conversation states not purged", 0,
                [&](pqxx::connection_base& conn) { n = db::purge_conversation_states(conn); });
            if (n > 0) log::info("expired conversation states purged", {{"conversations", n}});
            resume(done);
          });
        },
        asio::use_awaitable);
    co_await std::move(purged);
  }
}

}  // namespace loket::server
