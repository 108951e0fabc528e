#include "config/file_reader.h"

#include <cctype>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace loket::config {

namespace fs = std::filesystem;

namespace {

bool is_yaml(const fs::path& p) {
  return p.extension() == ".yaml" || p.extension() == ".yml";
}

// Absolute, without "." and "..", and without a trailing separator ("content/" is "content"):
// so that a folder and the files in it give keys that start alike. An empty path (a server
// file given by its name alone) is the working directory.
fs::path normal(const fs::path& path) {
  fs::path p = fs::absolute(path.empty() ? fs::path(".") : path).lexically_normal();
  if (!p.has_filename() && p.has_relative_path()) p = p.parent_path();
  return p;
}

}  // namespace

FileReader::FileReader(fs::path root, ContentFiles* kept) : root_(normal(root)), kept_(kept) {}

FileReader::FileReader(fs::path root, const ContentFiles& files)
    : root_(normal(root)), files_(&files) {}

std::string content_file_key(const fs::path& server_file, const fs::path& path) {
  return normal(path).lexically_relative(normal(server_file.parent_path())).generic_string();
}

std::string FileReader::key(const fs::path& path) const {
  return normal(path).lexically_relative(root_).generic_string();
}

std::optional<std::string> FileReader::read(const fs::path& path, std::size_t max_bytes,
                                            std::string& error) {
  if (files_ != nullptr) {
    auto it = files_->files.find(key(path));
    if (it == files_->files.end()) {
      error = "cannot read file: not in the published content";
      return std::nullopt;
    }
    if (it->second.size() > max_bytes) {
      error = "file is larger than " + std::to_string(max_bytes) + " bytes";
      return std::nullopt;
    }
    return it->second;
  }
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) {
    std::error_code not_a_folder;
    error = fs::is_directory(path, not_a_folder)
                ? "is a folder, not a file (name the YAML file in it, such as loket.yaml)"
                : "cannot read file: " + ec.message();
    return std::nullopt;
  }
  if (size > max_bytes) {
    error = "file is larger than " + std::to_string(max_bytes) + " bytes";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    error = "cannot open file";
    return std::nullopt;
  }
  if (kept_ != nullptr) kept_->files[key(path)] = data;
  return data;
}

bool FileReader::is_file(const fs::path& path) const {
  if (files_ != nullptr) return files_->files.count(key(path)) > 0;
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

bool FileReader::is_directory(const fs::path& path) const {
  if (files_ == nullptr) {
    std::error_code ec;
    return fs::is_directory(path, ec);
  }
  const std::string prefix = key(path) + "/";
  auto it = files_->files.lower_bound(prefix);
  return it != files_->files.end() && it->first.rfind(prefix, 0) == 0;
}

std::vector<fs::path> FileReader::yaml_files_in(const fs::path& dir) const {
  std::vector<fs::path> out;
  if (files_ != nullptr) {
    const std::string prefix = key(dir) + "/";
    for (auto it = files_->files.lower_bound(prefix);
         it != files_->files.end() && it->first.rfind(prefix, 0) == 0; ++it) {
      const std::string rest = it->first.substr(prefix.size());
      if (rest.find('/') == std::string::npos && is_yaml(rest)) out.push_back(dir / rest);
    }
  } else {
    std::error_code ec;
    for (const auto& f : fs::directory_iterator(dir, ec))
      if (f.is_regular_file() && is_yaml(f.path())) out.push_back(f.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<fs::path> FileReader::unread_in(const fs::path& dir) const {
  std::vector<fs::path> out;
  if (files_ != nullptr) return out;  // another instance sent only what it read
  const auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::error_code ec;
  for (const auto& f : fs::directory_iterator(dir, ec)) {
    const std::string name = f.path().filename().string();
    if (name.starts_with('.')) continue;  // .git and editors' own files
    if (f.is_directory()) {
      if (!yaml_files_in(f.path()).empty()) out.push_back(f.path());
      continue;
    }
    if (!f.is_regular_file() || is_yaml(f.path())) continue;
    const std::string low = lower(name);
    if (low.ends_with(".yaml") || low.ends_with(".yml") || low.ends_with(".yaml.txt") ||
        low.ends_with(".yml.txt"))
      out.push_back(f.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void FileReader::keep(const fs::path& path) {
  if (files_ != nullptr || kept_ == nullptr) return;
  std::string ignored;
  read(path, kMaxConfigFileBytes, ignored);
}

}  // namespace loket::config
