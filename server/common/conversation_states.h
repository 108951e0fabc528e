// Where each conversation stands, kept where every instance sees it: in PostgreSQL when there is
// a database (reachable), else in this process's memory (a chat-only trial, or while the database
// is away). The loads and saves of the turns under way go to the database together, one round
// trip for a batch, so the chat does not pay a round trip per turn. A turn saves only over the
// state it read: one that lost to a concurrent turn of its conversation is answered again. That
// check lets a turn start from this instance's copy of what it stored last, without a load: when
// another instance stored a newer state meanwhile, the save loses and the turn is answered again
// from the database's. Thread-safe.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "db/conversation_state_store.h"
#include "db/database.h"
#include "intents/dialogue/session_store.h"

namespace loket::server {

class ConversationStates {
 public:
  // `memory` may be shared with the content's dialogues; `ttl` is how long a quiet conversation
  // is remembered (`limits.session_ttl_s`). With a database, `memory` holds the copies.
  ConversationStates(std::shared_ptr<dialogue::SessionStore> memory, std::chrono::seconds ttl);

  // At start-up, before serving: keep states in `database`, on its pinned worker `worker`,
  // while `available()` says it is up; the batches' timers run on `executor`.
  void use_database(db::Database* database, std::size_t worker, std::function<bool()> available,
                    boost::asio::any_io_executor executor);

  struct Loaded {
    dialogue::SessionState state;
    std::int64_t version = db::kNoConversationState;  // hand it back to save()
    // This instance's copy, not read from the database: carry out nothing that cannot be undone
    // on it before save() has confirmed it (or forget() it and load again).
    bool cached = false;
  };
  // The conversation's state: a fresh one when it has none (or it expired).
  boost::asio::awaitable<Loaded> load(const std::string& session);
  // Stores `state` if the conversation is still as it was read at `read_version` (or whatever
  // it is, with db::kOverwriteConversationState), before it returns: the resident's next turn,
  // on any instance, sees it. False: another turn saved first, and this one was not stored.
  boost::asio::awaitable<bool> save(const std::string& session, dialogue::SessionState state,
                                    std::int64_t read_version);
  // The next load() reads the database.
  void forget(const std::string& session);

  // Deletes the database's expired states (every minute, or every `ttl` when that is shorter)
  // until stop(); stop() then cancel `timer`.
  boost::asio::awaitable<void> purge_expired(boost::asio::steady_timer& timer);
  void stop() { stopping_ = true; }

  // Database round trips that failed (the turn went on with memory instead), for /metrics.
  std::uint64_t failures() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Load {
    std::string session;
    // (state, version, read): read false when the database failed
    std::function<void(std::optional<std::string>, std::int64_t, bool)> resume;
    Clock::time_point since;
    bool settled = false;  // resumed (and `resume` let go)
  };
  enum class Outcome { stored, lost, failed };
  struct Save {
    db::ConversationStateSave row;
    std::function<void(Outcome, std::int64_t)> resume;  // (outcome, version stored)
    Clock::time_point since;
    bool settled = false;
  };
  struct Batch {
    std::vector<Load> loads;
    std::vector<Save> saves;
  };
  bool database_up() const;
  bool only_in_memory(const std::string& session) const;
  void enqueue(Load load);
  void enqueue(Save save);
  // With mutex_ held:
  void schedule();
  void submit();
  void watch_deadlines();
  void give_up_late(Clock::time_point now);
  void finish(bool done, db::ConversationStateExchange out);

  std::shared_ptr<dialogue::SessionStore> memory_;
  std::chrono::seconds ttl_;
  db::Database* database_ = nullptr;
  std::size_t worker_ = 0;
  std::function<bool()> available_;
  std::optional<boost::asio::any_io_executor> executor_;

  // Every member below, and the timers' use, under mutex_.
  mutable std::mutex mutex_;
  std::vector<Load> loads_;
  std::vector<Save> saves_;
  std::unique_ptr<Batch> at_database_;  // the batch under way, if any
  Clock::time_point last_submitted_;
  std::unique_ptr<boost::asio::steady_timer> gather_;  // armed: the next batch is gathering
  // Armed for the oldest turn still waiting (queued or at the database) while there is one.
  std::unique_ptr<boost::asio::steady_timer> deadline_;
  bool deadline_armed_ = false;
  // Sessions whose last save failed, so their newest state is in memory only.
  std::unordered_set<std::string> unsaved_;
  static constexpr std::size_t kMaxUnsaved = 100000;
  std::atomic<bool> stopping_{false};
  std::uint64_t failures_ = 0;
};

}  // namespace loket::server
