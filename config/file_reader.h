// Where a configuration's files are read from: the disk, keeping each file read (so that the
// validated content can be handed to other instances as it was), or such a set of files received
// from another instance. Internal to config/. One per load; not shared between threads.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"

namespace loket::config {

class FileReader {
 public:
  // From the disk, keeping what is read in `kept` (may be null). `root`: the server file's folder.
  FileReader(std::filesystem::path root, ContentFiles* kept);
  // From `files`, whose paths are relative to `root`.
  FileReader(std::filesystem::path root, const ContentFiles& files);

  // The file's bytes, or nullopt with `error` set (missing, unreadable, larger than `max_bytes`).
  std::optional<std::string> read(const std::filesystem::path& path, std::size_t max_bytes,
                                  std::string& error);
  bool is_file(const std::filesystem::path& path) const;
  bool is_directory(const std::filesystem::path& path) const;
  // The .yaml and .yml files directly in `dir`, sorted.
  std::vector<std::filesystem::path> yaml_files_in(const std::filesystem::path& dir) const;
  // What in `dir` looks meant as content but is not read: a name ending in .YAML or .Yml (the
  // case differs), .yaml.txt (an editor that hides extensions), or a folder holding .yaml files
  // (folders are not read into). Sorted; empty for files received from another instance.
  std::vector<std::filesystem::path> unread_in(const std::filesystem::path& dir) const;
  // Keeps a file that is only listed now (a conversation test file), as it is on the disk.
  void keep(const std::filesystem::path& path);

 private:
  std::string key(const std::filesystem::path& path) const;  // relative to root_

  std::filesystem::path root_;
  ContentFiles* kept_ = nullptr;
  const ContentFiles* files_ = nullptr;  // null: the disk
};

}  // namespace loket::config
