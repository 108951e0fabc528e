// The chat content in service, replaceable while serving: a staff change is loaded, checked and
// trained off the I/O threads, and swapped in in one step only when it is good; a bad change is
// refused with its problems while the old content keeps answering. Conversations carry on across
// a reload (the session store is shared). Thread-safe; reloads run one at a time.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/content_loss.h"
#include "intents/dialogue/dialogue.h"

namespace loket::server {

class ContentHolder {
 public:
  // `files`: what `initial` was loaded from.
  ContentHolder(std::shared_ptr<dialogue::Dialogue> initial, std::filesystem::path server_file,
                config::ContentFiles files);

  // The content to answer with; hold on to it for a whole exchange.
  std::shared_ptr<dialogue::Dialogue> current() const;
  // The files it was loaded from, and their digest (content_version.h).
  std::shared_ptr<const config::ContentFiles> files() const;
  std::string digest() const;
  // What the content in service took away from the content before it; empty when it is the
  // content this instance started with.
  std::shared_ptr<const config::ContentLoss> last_loss() const;
  const std::filesystem::path& server_file() const { return server_file_; }

  struct ReloadResult {
    bool ok = false;
    std::vector<std::string> errors;  // "file:line:column: message"
    std::size_t intents = 0;
    double seconds = 0;
    double threshold = 0;
    std::string digest;  // of the content served now (the new one when ok)
    std::shared_ptr<const config::ContentFiles> files;  // what was loaded, when ok
    bool unchanged = false;  // ok, and the same files as those served: nothing swapped in
    // Whether the other instances were told (false: the database did not take it); unset
    // without a database, or when the reload failed.
    std::optional<bool> published;
    // The server file's sections read at start only ("limits", ...) that now differ from
    // those the instance started with: they apply at its next start, not with this reload.
    std::vector<std::string> restart_needed;
    // What the new content takes away from the content before (when ok): it goes live, so it
    // is logged and shown to staff. A reload from the disk that finds a file emptied is refused.
    config::ContentLoss loss;
  };
  // Blocking (loads files and trains): call from a thread that may block. From the disk: the files
  // as they are (SIGHUP, the staff API: "serve these"), or only when they changed since this
  // instance last read them (a file watcher's touch of files older than the version followed
  // since must not take every instance back to them).
  enum class Disk { as_it_is, when_changed };
  ReloadResult reload(Disk disk = Disk::as_it_is);
  // From files another instance published.
  ReloadResult reload_from(const config::ContentFiles& files);
  // The content in service with `changed` (relative path -> text) in place of its files or
  // beside them, loaded and checked but not served: what a change would be. Blocking.
  config::LoadResult load_changed(const std::map<std::string, std::string>& changed) const;

  // The newest modification time of the server file, the content files and their tables: those
  // of this instance's own disk (the last reload()), not those of content another instance
  // published, whose paths are that instance's.
  std::filesystem::file_time_type newest_change() const;

 private:
  // `loaded_digest`: content_digest() of `loaded.files`, computed once by the caller.
  // `from_disk`: staff's own save, where an emptied file is refused; another instance's
  // published content is taken as that instance took it.
  ReloadResult swap_in(config::LoadResult loaded, const std::string& loaded_digest,
                       std::chrono::steady_clock::time_point start, bool from_disk);
  ReloadResult unchanged(std::chrono::steady_clock::time_point start) const;  // what is served

  const std::filesystem::path server_file_;
  mutable std::mutex mutex_;  // guards current_, files_, digest_, last_loss_ and watched_
  std::shared_ptr<dialogue::Dialogue> current_;
  std::shared_ptr<const config::ContentFiles> files_;
  std::string digest_;
  std::shared_ptr<const config::ContentLoss> last_loss_;
  std::string disk_digest_;  // of the files last read from this instance's disk
  std::shared_ptr<const std::set<std::filesystem::path>> watched_;  // see newest_change()
  std::mutex reload_mutex_;                                         // one reload at a time
};

}  // namespace loket::server
