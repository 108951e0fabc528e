#include "server/common/content_reload.h"

#include "server/common/blocking_call.h"
#include "server/common/content_version.h"
#include "server/common/log.h"

namespace loket::server {

boost::asio::awaitable<ContentHolder::ReloadResult> reload_content(const ContentReloader& reloader,
                                                                   std::string_view reason,
                                                                   ContentHolder::Disk disk) {
  const auto job = [&reloader, disk] { return reloader.content.reload(disk); };
  auto result = co_await blocking_call(reloader.blocking, job);
  if (result.unchanged) {
    log::info("content unchanged", {{"reason", reason}, {"version", short_version(result.digest)}});
  } else if (result.ok) {
    log::info("content reloaded", {{"reason", reason},
                                   {"version", short_version(result.digest)},
                                   {"intents", result.intents},
                                   {"threshold", result.threshold},
                                   {"seconds", result.seconds}});
  } else {
    log::warn("content reload refused; the old content keeps serving",
              {{"reason", reason},
               {"problems", result.errors.size()},
               {"first", result.errors.empty() ? std::string() : result.errors.front()}});
  }
  if (result.ok && !result.loss.empty()) {
    // Once: the log is where an operator finds what a save took away. A deleted folder of
    // hundreds of topics gives the counts and the first few, not a line of thousands of bytes.
    constexpr std::size_t kMaxLogged = 20;
    const auto described = config::describe(result.loss);
    std::string lines;
    for (std::size_t i = 0; i < described.size() && i < kMaxLogged; ++i)
      lines += (lines.empty() ? "" : "; ") + described[i];
    if (described.size() > kMaxLogged)
      lines += "; and " + std::to_string(described.size() - kMaxLogged) + " more";
    log::warn("the new content takes topics or local changes out",
              {{"reason", reason},
               {"removed", result.loss.removed.size()},
               {"changes_gone", result.loss.lost_overrides.size()},
               {"what", lines}});
  }
  if (!result.restart_needed.empty()) {
    std::string sections;
    for (const auto& s : result.restart_needed) sections += (sections.empty() ? "" : ",") + s;
    log::warn("server settings changed that apply at the next start; restart to apply them",
              {{"reason", reason}, {"sections", sections}});
  }
  reloader.metrics.observe_reload(result.ok);
  if (!result.ok) co_await reloader.sync.record_refusal(reason, result.errors);
  // The files this reload loaded: a follow may have swapped in others since.
  if (result.ok) result.published = co_await reloader.sync.publish(reason, result.files);
  co_return result;
}

}  // namespace loket::server
