#include "config/content_loss.h"

#include <algorithm>
#include <map>
#include <set>

namespace loket::config {

namespace {

// Only whitespace, comments and document markers: what a truncated save or `: > file` leaves.
bool blank_yaml(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) continue;
    line.remove_prefix(first);
    if (line.starts_with('#') || line.starts_with("---") || line.starts_with("...")) continue;
    return false;
  }
  return true;
}

std::string file_of(const std::string& where) {
  return where.substr(0, where.rfind(':'));
}

std::string title_of(const Config& config, const Intent& intent) {
  return pick_language(intent.title, config.default_language, config.default_language);
}

}  // namespace

ContentLoss content_loss(const Config& before, const Config& after,
                         const ContentFiles& after_files) {
  ContentLoss loss;
  const auto key = [&](const std::string& path) { return content_file_key(after.file, path); };
  // The files `after` still reads that are blank now, by key.
  std::map<std::string, std::string> blank;
  for (const auto& file : after.content_files) {
    const std::string k = key(file.path.string());
    const auto text = after_files.files.find(k);
    if (text != after_files.files.end() && blank_yaml(text->second))
      blank.emplace(k, file.path.string());
  }
  for (const auto& old : before.intents) {
    const Intent* now = after.find_intent(old.id);
    if (now == nullptr) {
      loss.removed.push_back(
          {old.id, title_of(before, old), old.file + ":" + std::to_string(old.line)});
      continue;
    }
    // Fewer changes than before: those whose files no longer change it are gone (a change
    // moved to another file, as when a file is renamed, is still there).
    if (now->overrides.size() >= old.overrides.size()) continue;
    std::set<std::string> still;
    for (const auto& o : now->overrides) still.insert(key(file_of(o.where)));
    for (const auto& o : old.overrides) {
      if (still.count(key(file_of(o.where)))) continue;
      const std::string answering = now->overrides.empty()
                                        ? now->file + ":" + std::to_string(now->line)
                                        : now->overrides.back().where;
      loss.lost_overrides.push_back({old.id, title_of(after, *now), o.where, answering});
    }
  }
  // An emptied file took away what the new content lacks of it: topics that went with it, or
  // changes now answered by the shared content. Topics moved to another file are not lost.
  if (blank.empty()) return loss;
  std::map<std::string, std::vector<std::string>> from_blank;  // key -> ids
  const auto note_if_blank = [&](const std::string& where, const std::string& id) {
    const auto k = key(file_of(where));
    if (!blank.count(k)) return;
    auto& ids = from_blank[k];
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  };
  for (const auto& r : loss.removed) note_if_blank(r.where, r.id);
  for (const auto& o : loss.lost_overrides) note_if_blank(o.where, o.id);
  for (auto& [k, ids] : from_blank) {
    std::sort(ids.begin(), ids.end());
    loss.emptied_files.push_back({blank[k], std::move(ids)});
  }
  return loss;
}

std::vector<std::string> describe(const ContentLoss& loss) {
  std::vector<std::string> lines;
  const auto named = [](const std::string& id, const std::string& title) {
    return title.empty() || title == id ? "'" + id + "'" : "'" + id + "' (" + title + ")";
  };
  for (const auto& f : loss.emptied_files) {
    std::string ids;
    for (const auto& id : f.ids) ids += (ids.empty() ? "" : ", ") + id;
    lines.push_back(f.file + ":1:1: this file is empty now; it defined or changed " +
                    std::to_string(f.ids.size()) + (f.ids.size() == 1 ? " topic" : " topics") +
                    " (" + ids + "), which keep being answered as before. An empty save is " +
                    "most often an accident (a save cut short, a full disk): put the text " +
                    "back, or delete the file to take its topics out on purpose");
  }
  for (const auto& r : loss.removed)
    lines.push_back(r.where + ": topic " + named(r.id, r.title) + " is gone");
  for (const auto& o : loss.lost_overrides)
    lines.push_back(o.where + ": the change to " + named(o.id, o.title) + " is gone; " + o.now +
                    " answers again");
  return lines;
}

}  // namespace loket::config
