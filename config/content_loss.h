// What a new version of the content takes away from the one in service: topics that are gone,
// local changes (overrides) that are gone so the shared content answers again, and files that
// were emptied. Such a save goes live like any other, so staff must be told. Pure functions;
// safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"

namespace loket::config {

struct ContentLoss {
  struct Removed {
    std::string id;
    std::string title;  // in the default language; empty: none
    std::string where;  // "file:line" in the content before
  };
  struct LostOverride {
    std::string id;
    std::string title;
    std::string where;  // "file:line" of the change that is gone
    std::string now;    // "file:line" of what answers instead
  };
  // A file that is still read but defines nothing now, though topics came from it before.
  struct EmptiedFile {
    std::string file;
    std::vector<std::string> ids;  // what it defined or changed
  };
  std::vector<Removed> removed;
  std::vector<LostOverride> lost_overrides;
  std::vector<EmptiedFile> emptied_files;

  bool empty() const { return removed.empty() && lost_overrides.empty() && emptied_files.empty(); }
};

// `after_files`: the texts `after` was loaded from (ContentFiles::files), to tell an emptied file
// (whitespace and comments only) from one that still has something else in it.
ContentLoss content_loss(const Config& before, const Config& after,
                         const ContentFiles& after_files);

// One line per loss, for logs and refusals ("content/afval.yaml:7: ..."); an emptied file's line
// is the refusal of a reload from the disk, which keeps the content before.
std::vector<std::string> describe(const ContentLoss& loss);

}  // namespace loket::config
