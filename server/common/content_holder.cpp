#include "server/common/content_holder.h"

#include "server/common/content_version.h"

#include <chrono>
#include <set>

namespace loket::server {

namespace fs = std::filesystem;

namespace {

// The content's files, their folders (a file added to a folder changes the folder) and its lookup
// tables: each path once, since many intents share a table and many files a folder.
std::shared_ptr<const std::set<fs::path>> watched_paths(const config::Config& config) {
  auto paths = std::make_shared<std::set<fs::path>>();
  for (const auto& file : config.content_files) {
    paths->insert(file.path);
    paths->insert(file.path.parent_path());
  }
  for (const auto& intent : config.intents)
    if (intent.lookup) paths->insert(intent.lookup->table.file);
  return paths;
}

// The sections of the server file an instance reads at start only that differ in `now`.
std::vector<std::string> start_settings_changed(const config::Config& started,
                                                const config::Config& now) {
  std::vector<std::string> changed;
  if (started.server != now.server) changed.push_back("server");
  if (started.limits != now.limits) changed.push_back("limits");
  if (started.database != now.database) changed.push_back("database");
  if (started.notifications != now.notifications) changed.push_back("notifications");
  if (started.channels != now.channels) changed.push_back("channels");
  return changed;
}

}  // namespace

ContentHolder::ContentHolder(std::shared_ptr<dialogue::Dialogue> initial, fs::path server_file,
                             config::ContentFiles files)
    : server_file_(std::move(server_file)),
      current_(std::move(initial)),
      files_(std::make_shared<const config::ContentFiles>(std::move(files))),
      digest_(content_digest(*files_)),
      last_loss_(std::make_shared<const config::ContentLoss>()),
      disk_digest_(digest_),
      watched_(watched_paths(current_->config())) {}

std::shared_ptr<dialogue::Dialogue> ContentHolder::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

std::shared_ptr<const config::ContentFiles> ContentHolder::files() const {
  std::lock_guard lock(mutex_);
  return files_;
}

std::string ContentHolder::digest() const {
  std::lock_guard lock(mutex_);
  return digest_;
}

std::shared_ptr<const config::ContentLoss> ContentHolder::last_loss() const {
  std::lock_guard lock(mutex_);
  return last_loss_;
}

ContentHolder::ReloadResult ContentHolder::reload(Disk disk) {
  std::lock_guard one_at_a_time(reload_mutex_);
  const auto start = std::chrono::steady_clock::now();
  auto loaded = config::load_config(server_file_);
  const std::string read = content_digest(loaded.files);
  if (loaded.config && disk == Disk::when_changed && read == disk_digest_) return unchanged(start);
  auto result = swap_in(std::move(loaded), read, start, true);
  if (result.ok) {
    disk_digest_ = read;
    auto watched = watched_paths(current()->config());
    std::lock_guard lock(mutex_);
    watched_ = std::move(watched);
  }
  return result;
}

config::LoadResult ContentHolder::load_changed(
    const std::map<std::string, std::string>& changed) const {
  config::ContentFiles files = *this->files();
  for (const auto& [path, text] : changed) files.files[path] = text;
  return config::load_config(server_file_, files);
}

ContentHolder::ReloadResult ContentHolder::reload_from(const config::ContentFiles& files) {
  std::lock_guard one_at_a_time(reload_mutex_);
  const auto start = std::chrono::steady_clock::now();
  auto loaded = config::load_config(server_file_, files);
  loaded.files = files;
  return swap_in(std::move(loaded), content_digest(files), start, false);
}

ContentHolder::ReloadResult ContentHolder::unchanged(
    std::chrono::steady_clock::time_point start) const {
  ReloadResult result;
  result.ok = result.unchanged = true;
  result.intents = current()->config().intents.size();
  result.threshold = current()->threshold();
  result.files = files();
  result.digest = digest();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

ContentHolder::ReloadResult ContentHolder::swap_in(config::LoadResult loaded,
                                                   const std::string& loaded_digest,
                                                   std::chrono::steady_clock::time_point start,
                                                   bool from_disk) {
  // Saved again as it was, or one save seen twice (the staff API's write and the file watcher):
  // nothing to train or to publish again.
  if (loaded.config && loaded_digest == digest()) return unchanged(start);
  ReloadResult result;
  for (const auto& d : loaded.errors) result.errors.push_back(d.to_string());
  if (loaded.config) {
    result.loss = config::content_loss(current()->config(), *loaded.config, loaded.files);
    if (from_disk && !result.loss.emptied_files.empty()) {
      for (auto& line : config::describe(config::ContentLoss{{}, {}, result.loss.emptied_files}))
        result.errors.push_back(std::move(line));
      result.loss = {};
      loaded.config.reset();
    }
  }
  if (loaded.config) {
    result.intents = loaded.config->intents.size();
    // The server's own settings are read at start-up (connections, pools, channels and the
    // sessions are made with them), whatever the new files or another instance's published copy
    // say: a reload changes the content.
    const auto& started = current()->config();
    result.restart_needed = start_settings_changed(started, *loaded.config);
    loaded.config->server = started.server;
    loaded.config->limits = started.limits;
    loaded.config->database = started.database;
    loaded.config->notifications = started.notifications;
    loaded.config->channels = started.channels;
    auto next =
        std::make_shared<dialogue::Dialogue>(std::move(*loaded.config), current()->sessions());
    result.threshold = next->threshold();
    auto files = std::make_shared<const config::ContentFiles>(std::move(loaded.files));
    result.files = files;
    std::lock_guard lock(mutex_);
    current_ = std::move(next);
    files_ = std::move(files);
    digest_ = loaded_digest;
    last_loss_ = std::make_shared<const config::ContentLoss>(result.loss);
    result.ok = true;
  }
  result.digest = digest();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

fs::file_time_type ContentHolder::newest_change() const {
  std::shared_ptr<const std::set<fs::path>> watched;
  {
    std::lock_guard lock(mutex_);
    watched = watched_;
  }
  std::error_code ec;
  auto newest = fs::last_write_time(server_file_, ec);
  for (const auto& p : *watched) {
    const auto t = fs::last_write_time(p, ec);
    if (!ec && t > newest) newest = t;
  }
  return newest;
}

}  // namespace loket::server
