#include "server/common/content_sync.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cctype>

#include "config/content_loss.h"
#include "db/content_store.h"
#include "db/notification_listener.h"
#include "intents/text_normalizer.h"
#include "server/common/blocking_call.h"
#include "server/common/content_version.h"
#include "server/common/db_call.h"
#include "server/common/log.h"
#include "server/common/process_identity.h"

namespace loket::server {

namespace asio = boost::asio;

namespace {

db::StoredContent stored(const config::ContentFiles& files, std::string digest) {
  db::StoredContent out;
  out.digest = std::move(digest);
  out.server_file = files.server_file;
  out.files = files.files;
  return out;
}

// A problem as the dashboard shows it: a line or two, cut on a character boundary.
constexpr std::size_t kMaxProblemBytes = 1000;

}  // namespace

std::string from_server_folder(const std::filesystem::path& server_file,
                               const std::string& problem) {
  std::size_t end = 0;
  while ((end = problem.find(':', end + 1)) != std::string::npos)
    if (end + 1 < problem.size() && std::isdigit(static_cast<unsigned char>(problem[end + 1])))
      break;
  if (end == std::string::npos) return problem;
  std::error_code ec;
  const auto file = std::filesystem::absolute(problem.substr(0, end), ec).lexically_normal();
  const auto folder = std::filesystem::absolute(server_file, ec).lexically_normal().parent_path();
  const auto relative = file.lexically_relative(folder);
  return ec || relative.empty() ? problem : relative.string() + problem.substr(end);
}

ContentSync::ContentSync(ContentHolder& content, asio::thread_pool& blocking, Metrics& metrics)
    : content_(content), blocking_(blocking), metrics_(metrics) {}

ContentSync::~ContentSync() = default;

void ContentSync::use_database(db::Database* database, std::function<bool()> available) {
  database_ = database;
  available_ = std::move(available);
}

std::string ContentSync::problem() const {
  std::lock_guard lock(mutex_);
  if (problem_.empty() || own_files_problem_.empty()) return problem_ + own_files_problem_;
  return problem_ + "; " + own_files_problem_;
}

asio::awaitable<void> ContentSync::start() {
  const std::string digest = content_.digest();
  const auto check = [digest](pqxx::connection_base& c) {
    return std::make_pair(db::content_published(c, digest), db::newest_content_version(c));
  };
  const auto known = co_await db_call(*database_, check);
  // Files changed while no instance ran (a rollout with a new ConfigMap): an emptied file is
  // refused as a reload would refuse it, and the newest published content serves instead.
  if (known && !known->first && known->second && refused_at_start_.empty()) {
    auto emptied = co_await emptied_since_published();
    if (!emptied.empty()) {
      log::warn(
          "this instance's content files are refused; serving the newest published content "
          "instead",
          {{"problems", emptied.size()}, {"first", emptied.front()}});
      refused_at_start(std::move(emptied));
    }
  }
  if (!known) {
    log::warn("content not shared: the database cannot be reached; serving this instance's files",
              {{"version", short_version(digest)}, {"error", describe(known.error())}});
  } else if (refused_at_start_.empty() && (!known->first || !known->second)) {
    co_await publish("start", content_.files());
  } else if (known->second && known->second->digest == digest) {
    std::lock_guard lock(mutex_);
    last_published_ = digest;
  } else {
    // Refused files started with the newest published content under this instance's own server
    // file (its settings): the newest as published is what the others serve.
    if (refused_at_start_.empty())
      log::info(
          "content published before is replaced; following the newest (to serve these files "
          "instead, reload: SIGHUP or POST /admin/v1/config:reload)",
          {{"version", short_version(digest)},
           {"newest", short_version(known->second ? known->second->digest : std::string())}});
    co_await follow_newest();
  }
  if (!refused_at_start_.empty()) co_await record_refusal("start", refused_at_start_);
  settled_ = true;
}

asio::awaitable<std::vector<std::string>> ContentSync::emptied_since_published() {
  const auto newest = [](pqxx::connection_base& c) { return db::newest_content(c); };
  const auto content = co_await db_call(*database_, newest);
  if (!content || !*content) co_return std::vector<std::string>();
  const auto compare = [this, &content] {
    config::ContentFiles published;
    published.server_file = (*content)->server_file;
    published.files = (*content)->files;
    const auto before = config::load_config(content_.server_file(), published);
    const auto own = content_.files();
    if (!before.config || !own) return std::vector<std::string>();
    auto loss = config::content_loss(*before.config, content_.current()->config(), *own);
    return config::describe(config::ContentLoss{{}, {}, std::move(loss.emptied_files)});
  };
  co_return co_await blocking_call(blocking_, compare);
}

void ContentSync::refused_at_start(std::vector<std::string> problems) {
  if (problems.empty()) return;
  std::lock_guard lock(mutex_);
  own_files_problem_ =
      "this instance's files are refused (" + std::to_string(problems.size()) +
      (problems.size() == 1 ? " problem" : " problems") + ", the first: " +
      std::string(intents::utf8_prefix(from_server_folder(content_.server_file(), problems.front()),
                                       kMaxProblemBytes)) +
      "); serving the newest published content instead";
  refused_at_start_ = std::move(problems);
}

asio::awaitable<std::optional<bool>> ContentSync::publish(
    std::string_view reason, std::shared_ptr<const config::ContentFiles> files) {
  if (database_ == nullptr || !files) co_return std::nullopt;
  const std::string digest = content_digest(*files);
  {
    std::lock_guard lock(mutex_);
    own_files_problem_.clear();                                       // they were just loaded
    if (digest == last_published_ && !refused_here_) co_return true;  // saved again as they were
  }
  if (digest == last_published_) {
    // Corrected back to the files published: the refusal on the dashboard is over, with nothing
    // to publish.
    const auto clear = [](pqxx::connection_base& c) {
      db::clear_content_refusal(c);
      return true;
    };
    if (co_await db_call(*database_, clear)) {
      std::lock_guard lock(mutex_);
      refused_here_ = false;
    }
    co_return true;
  }
  const auto job = [content = stored(*files, content_digest(*files)), who = process_identity()](
                       pqxx::connection_base& c) { return db::publish_content(c, content, who); };
  const auto seq = co_await db_call(*database_, job);
  if (!seq) {
    log::warn("content not published; the other instances keep theirs",
              {{"reason", reason}, {"error", describe(seq.error())}});
    co_return false;
  }
  log::info("content published",
            {{"reason", reason}, {"version", short_version(digest)}, {"seq", *seq}});
  {
    std::lock_guard lock(mutex_);
    problem_.clear();
    last_published_ = digest;
    refused_here_ = false;  // publishing empties the refusal
  }
  co_return true;
}

asio::awaitable<void> ContentSync::record_refusal(std::string_view reason,
                                                  const std::vector<std::string>& problems) {
  if (database_ == nullptr) co_return;
  std::vector<std::string> named;
  for (const auto& p : problems)
    if (named.size() < db::kRefusalProblems)
      named.emplace_back(
          intents::utf8_prefix(from_server_folder(content_.server_file(), p), kMaxProblemBytes));
  const auto job = [refusal = db::ContentRefusal{{},
                                                 std::string(reason),
                                                 process_identity(),
                                                 std::string(short_version(content_.digest())),
                                                 std::move(named)}](pqxx::connection_base& c) {
    db::record_content_refusal(c, refusal);
    return true;
  };
  if (const auto kept = co_await db_call(*database_, job); !kept) {
    log::warn("the refused reload is not on the dashboard: the database did not take it",
              {{"reason", reason}, {"error", describe(kept.error())}});
  } else {
    std::lock_guard lock(mutex_);
    refused_here_ = true;
  }
}

asio::awaitable<void> ContentSync::follow_newest() {
  const auto newest_version = [](pqxx::connection_base& c) {
    return db::newest_content_version(c);
  };
  const auto version = co_await db_call(*database_, newest_version);
  if (!version || !*version) co_return;  // the database is away: the next check tries again
  const std::string digest = (*version)->digest;
  if (digest == content_.digest()) co_return;
  {
    std::lock_guard lock(mutex_);
    if (digest == failed_digest_) co_return;
  }
  const auto newest = [](pqxx::connection_base& c) { return db::newest_content(c); };
  const auto content = co_await db_call(*database_, newest);
  if (!content || !*content) co_return;
  config::ContentFiles files;
  files.server_file = (*content)->server_file;
  files.files = std::move((*content)->files);
  const auto load = [this, &files] { return content_.reload_from(files); };
  const auto result = co_await blocking_call(blocking_, load);
  metrics_.observe_reload(result.ok);
  std::lock_guard lock(mutex_);
  if (result.ok) {
    problem_.clear();
    failed_digest_.clear();
    last_published_ = result.digest;
    log::info("content followed", {{"version", short_version(result.digest)},
                                   {"intents", result.intents},
                                   {"seconds", result.seconds}});
    co_return;
  }
  ++failures_;
  failed_digest_ = (*content)->digest;
  problem_ = "published content " + std::string(short_version(failed_digest_)) +
             " cannot be loaded here: " +
             (result.errors.empty() ? std::string("unknown problem") : result.errors.front());
  log::error("published content cannot be loaded here; the last good content keeps serving",
             {{"version", short_version(failed_digest_)},
              {"serving", short_version(result.digest)},
              {"problems", result.errors.size()},
              {"first", result.errors.empty() ? std::string() : result.errors.front()}});
}

asio::awaitable<void> ContentSync::run(asio::steady_timer& timer) {
  if (database_ == nullptr) {
    settled_ = true;
    co_return;
  }
  {
    std::lock_guard lock(mutex_);
    timer_ = &timer;
  }
  // The dispatcher migrates the database first; until then there is nothing to share.
  const auto waited = std::chrono::steady_clock::now();
  while (!stopping_ && !available_() && std::chrono::steady_clock::now() - waited < kStartWait) {
    timer.expires_after(std::chrono::milliseconds(50));
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  if (stopping_) co_return;
  co_await start();
  const auto executor = timer.get_executor();
  listener_ = std::make_unique<db::NotificationListener>(
      database_->url(), db::kContentChannel,
      [this, executor] { asio::post(executor, [this] { wake(); }); });
  while (!stopping_) {
    // A NOTIFY that came while the last one was being followed is followed at once.
    if (!pending_.exchange(false)) {
      timer.expires_after(kFollowCheck);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
      if (stopping_) break;
      pending_ = false;
    }
    co_await follow_newest();
  }
}

void ContentSync::wake() {
  pending_ = true;
  std::lock_guard lock(mutex_);
  if (timer_ != nullptr) timer_->cancel();
}

void ContentSync::stop() {
  stopping_ = true;
  std::lock_guard lock(mutex_);
  if (timer_ != nullptr) timer_->cancel();
}

}  // namespace loket::server
