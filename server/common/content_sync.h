// Keeps the instances that share a database serving the same content. A reload from the disk on
// any instance (SIGHUP, a file change, the staff API) publishes the validated files with their
// digest in PostgreSQL and announces them (NOTIFY); every instance loads the newest published
// files, even where its own copies are older (a ConfigMap reaches pods a minute apart). An
// instance that starts with files never published before publishes them; one that starts with
// files published before and since replaced follows the newest instead of bringing them back.
// Without a database, reloads stay per instance. Thread-safe.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.h"
#include "server/common/content_holder.h"
#include "server/common/metrics.h"

namespace loket::db {
class NotificationListener;
}

namespace loket::server {

// "/srv/loket/content/afval.yaml:4:5: ..." as staff name the file: from the server file's folder
// ("content/afval.yaml:4:5: ..."), whichever instance shows it.
std::string from_server_folder(const std::filesystem::path& server_file,
                               const std::string& problem);

class ContentSync {
 public:
  ContentSync(ContentHolder& content, boost::asio::thread_pool& blocking, Metrics& metrics);
  ~ContentSync();

  // At start-up, before serving: share content through `database` (null: stay alone) once
  // `available()` says it is migrated and reachable.
  void use_database(db::Database* database, std::function<bool()> available);

  // Publishes this instance's files or follows the newest published ones (see above), then
  // follows what other instances publish, woken by their NOTIFY and checking every
  // `kFollowCheck` besides (a NOTIFY is lost while the listening connection is down), until
  // stop().
  boost::asio::awaitable<void> run(boost::asio::steady_timer& timer);
  // Before run(): this instance's own files were refused at start (`problems`, as the loader
  // gave them) and it serves the newest published content instead. Said in problem() until
  // this instance's files load, and kept for the staff dashboard once the database answers.
  void refused_at_start(std::vector<std::string> problems);
  // After a reload from the disk here (of `files`): the other instances follow. Whether they
  // can (false: the database did not take it); nullopt without a database, where reloads are
  // per instance.
  boost::asio::awaitable<std::optional<bool>> publish(
      std::string_view reason, std::shared_ptr<const config::ContentFiles> files);
  // After a reload from the disk here was refused: kept in the database (none: nowhere) for the
  // staff dashboard, whichever instance answers it, until content is published again.
  boost::asio::awaitable<void> record_refusal(std::string_view reason,
                                              const std::vector<std::string>& problems);
  void stop();

  bool settled() const { return settled_; }  // start() is done: ready to serve
  // Why the newest published content is not the one served here, or why this instance's own
  // files are not (empty when all is well), for /readyz.
  std::string problem() const;
  std::uint64_t failures() const { return failures_; }  // published versions not loaded here

  static constexpr std::chrono::seconds kFollowCheck{30};

 private:
  boost::asio::awaitable<void> start();
  boost::asio::awaitable<void> follow_newest();
  // The lines of a refusal for each file this instance's own content emptied that held topics
  // in the newest published content; none when nothing was emptied (or nothing to compare).
  boost::asio::awaitable<std::vector<std::string>> emptied_since_published();
  void wake();

  ContentHolder& content_;
  boost::asio::thread_pool& blocking_;
  Metrics& metrics_;
  db::Database* database_ = nullptr;
  std::function<bool()> available_;
  std::unique_ptr<db::NotificationListener> listener_;

  std::atomic<bool> settled_{false}, stopping_{false};
  std::atomic<bool> pending_{false};  // a NOTIFY came: follow again without waiting
  std::atomic<std::uint64_t> failures_{0};
  mutable std::mutex mutex_;
  std::string problem_;
  std::string failed_digest_;  // not tried again until another version is published
  std::vector<std::string> refused_at_start_;
  std::string own_files_problem_;  // from refused_at_start(), until the files load
  // The newest content this instance published or followed: saving the same files again
  // publishes nothing.
  std::string last_published_;
  bool refused_here_ = false;  // the dashboard's refusal is this instance's, since it published
  boost::asio::steady_timer* timer_ = nullptr;

  // How long the start waits for the database before it serves this instance's own files.
  static constexpr std::chrono::seconds kStartWait{10};
};

}  // namespace loket::server
