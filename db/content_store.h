// The content versions instances share: each published one (its files, as the publishing
// instance read and validated them) and the newest. Blocking: call from a database thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace loket::db {

inline constexpr const char* kContentChannel = "loket_content";  // NOTIFY on a new version

struct StoredContent {
  long long seq = 0;
  std::string digest;
  std::string server_file;                   // its key in `files`
  std::map<std::string, std::string> files;  // relative path -> bytes
};

// Stores the files as the newest version (unless the newest already has `digest`) and NOTIFYs
// kContentChannel; returns the newest version's seq. `origin` says who published (for staff).
long long publish_content(pqxx::connection_base& c, const StoredContent& content,
                          const std::string& origin);
// The newest version, files included; nullopt when none was published.
std::optional<StoredContent> newest_content(pqxx::connection_base& c);
// The newest version's seq and digest only (no files); nullopt when none was published.
std::optional<StoredContent> newest_content_version(pqxx::connection_base& c);
// Whether a version with `digest` was ever published.
bool content_published(pqxx::connection_base& c, const std::string& digest);

// A reload that was refused: what asked for it, the instance, the version it kept serving and
// the content's problems ("file:line:column: message").
struct ContentRefusal {
  std::string refused_at;  // ISO 8601, UTC
  std::string reason;
  std::string origin;
  std::string serving;
  std::vector<std::string> problems;
};
// Keeps `refusal` as the last one (at most kRefusalProblems problems are kept, each as the
// caller cut it); publishing content empties it.
void record_content_refusal(pqxx::connection_base& c, const ContentRefusal& refusal);
// Forgets the last refusal: the files refused then load now, unchanged from those published.
void clear_content_refusal(pqxx::connection_base& c);
// The last refusal since content was last published; nullopt when there is none.
std::optional<ContentRefusal> content_refusal(pqxx::connection_base& c);
inline constexpr std::size_t kRefusalProblems = 20;

}  // namespace loket::db
