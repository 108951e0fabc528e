#include "server/cli/published_content.h"

#include <pqxx/pqxx>

#include <chrono>

#include "db/content_store.h"
#include "db/database.h"

namespace loket::server {

namespace {
// Long enough for a database that is starting next to loket; short enough that an unreachable
// one is reported while someone is still watching the start.
constexpr std::chrono::seconds kConnectTimeout{10};
}  // namespace

PublishedContent newest_published_content(const std::filesystem::path& server_file,
                                          const std::string& url) {
  PublishedContent out;
  std::optional<db::StoredContent> stored;
  try {
    pqxx::connection c(db::with_connect_timeout(url, kConnectTimeout));
    db::use_schema(c, db::schema_in(url));
    stored = db::newest_content(c);
  } catch (const pqxx::broken_connection&) {
    // libpq's words may quote the connection string, password and all: not repeated.
    out.why_not = "the database cannot be reached (" + db::redact_url(url) + ")";
    return out;
  } catch (const pqxx::undefined_table&) {
    out.why_not = "the database is not migrated yet (run `loket migrate`)";
    return out;
  } catch (const pqxx::sql_error& e) {
    out.why_not = std::string("the database refused to give the published content: ") + e.what();
    return out;
  }
  if (!stored) {
    out.why_not = "no instance has published content in the database yet";
    return out;
  }
  out.files.server_file = stored->server_file;
  out.files.files = std::move(stored->files);
  auto loaded = config::load_config(server_file, out.files);
  if (!loaded.config) {
    out.why_not =
        "the newest published content cannot be loaded here either" +
        (loaded.errors.empty() ? std::string() : ": " + loaded.errors.front().to_string());
    return out;
  }
  out.config = std::move(loaded.config);
  return out;
}

}  // namespace loket::server
