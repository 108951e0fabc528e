#include "server/cli/published_content.h"

#include <pqxx/pqxx>

#include <fstream>
#include <iterator>

#include "db/content_store.h"
#include "db/database.h"

namespace loket::server {

PublishedContent newest_published_content(const std::filesystem::path& server_file,
                                          const std::string& url) {
  PublishedContent out;
  std::optional<db::StoredContent> stored;
  try {
    pqxx::connection c(db::with_connect_timeout(url, db::kConnectTimeout));
    db::use_schema(c, db::schema_in(url));
    stored = db::newest_content(c);
  } catch (const pqxx::broken_connection& e) {
    // The URL was read before (database_url()), so libpq's first line is about the server
    // ("database \"x\" does not exist", "Connection refused"), never the URL and its password.
    const std::string said = e.what();
    out.why_not = "the database cannot be reached (" + db::redact_url(url) +
                  "): " + said.substr(0, said.find('\n'));
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
  // This instance's own server file, with the content the others published: its settings
  // (listen address, limits, database, channels) are its own, read at start only.
  std::error_code ec;
  const auto size = std::filesystem::file_size(server_file, ec);
  if (ec || size > config::kMaxConfigFileBytes) {
    out.why_not = "the server file " + server_file.string() + " cannot be read";
    return out;
  }
  std::ifstream in(server_file, std::ios::binary);
  std::string own(std::istreambuf_iterator<char>(in), {});
  out.files.files = std::move(stored->files);
  out.files.files.erase(stored->server_file);
  out.files.server_file = config::content_file_key(server_file, server_file);
  out.files.files[out.files.server_file] = std::move(own);
  auto loaded = config::load_config(server_file, out.files);
  if (!loaded.config) {
    out.why_not =
        "this instance's server file with the newest published content does not load" +
        (loaded.errors.empty() ? std::string() : ": " + loaded.errors.front().to_string());
    return out;
  }
  out.config = std::move(loaded.config);
  return out;
}

}  // namespace loket::server
