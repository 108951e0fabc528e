#include "db/content_store.h"

#include <openssl/evp.h>

#include <boost/json.hpp>
#include <pqxx/pqxx>

#include <stdexcept>

#include "db/notify_channel.h"

namespace loket::db {
namespace {

namespace json = boost::json;

// Files of older versions are dropped: a history of digests is enough to recognise old content.
constexpr int kVersionsWithFiles = 10;

constexpr const char* kNewestVersion =
    "SELECT seq, digest, server_file FROM content_versions ORDER BY seq DESC LIMIT 1";

constexpr const char* kInsert = R"sql(
INSERT INTO content_versions (digest, server_file, files, origin)
VALUES ($1, $2, $3::json, $4) RETURNING seq)sql";

constexpr const char* kTrim = R"sql(
UPDATE content_versions SET files = NULL
WHERE files IS NOT NULL AND seq <= (SELECT max(seq) FROM content_versions) - $1)sql";

// Files as base64: a lookup table saved by a spreadsheet program need not be UTF-8, and
// PostgreSQL takes only UTF-8 text.
std::string to_base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string from_base64(std::string_view text) {
  std::string out(3 * text.size() / 4 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) throw std::runtime_error("stored content is not base64");
  std::size_t padding = 0;
  for (auto it = text.rbegin(); it != text.rend() && *it == '=' && padding < 2; ++it) ++padding;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

}  // namespace

long long publish_content(pqxx::connection_base& c, const StoredContent& content,
                          const std::string& origin) {
  pqxx::work tx(c);
  // One publisher at a time: two instances reloading the same files at once make one version.
  tx.exec0("LOCK TABLE content_versions IN SHARE ROW EXCLUSIVE MODE");
  tx.exec0("DELETE FROM content_refusals");
  const auto newest = tx.exec(kNewestVersion);
  if (!newest.empty() && newest[0][1].as<std::string>() == content.digest) {
    tx.commit();
    return newest[0][0].as<long long>();
  }
  json::object files;
  for (const auto& [path, bytes] : content.files) files.emplace(path, to_base64(bytes));
  const long long seq = tx.exec_params1(kInsert, content.digest, content.server_file,
                                        json::serialize(files), origin)[0]
                            .as<long long>();
  tx.exec_params0(kTrim, kVersionsWithFiles);
  tx.exec_params(kNotifyScoped, kContentChannel, std::to_string(seq));
  tx.commit();
  return seq;
}

std::optional<StoredContent> newest_content_version(pqxx::connection_base& c) {
  pqxx::nontransaction tx(c);
  const auto rows = tx.exec(kNewestVersion);
  if (rows.empty()) return std::nullopt;
  StoredContent out;
  out.seq = rows[0][0].as<long long>();
  out.digest = rows[0][1].as<std::string>();
  out.server_file = rows[0][2].as<std::string>();
  return out;
}

std::optional<StoredContent> newest_content(pqxx::connection_base& c) {
  pqxx::nontransaction tx(c);
  const auto rows = tx.exec(
      "SELECT seq, digest, server_file, files FROM content_versions WHERE files IS NOT NULL "
      "ORDER BY seq DESC LIMIT 1");
  if (rows.empty()) return std::nullopt;
  StoredContent out;
  out.seq = rows[0][0].as<long long>();
  out.digest = rows[0][1].as<std::string>();
  out.server_file = rows[0][2].as<std::string>();
  const json::value files = json::parse(rows[0][3].as<std::string>());
  for (const auto& [path, bytes] : files.as_object())
    out.files.emplace(std::string(path), from_base64(bytes.as_string()));
  return out;
}

bool content_published(pqxx::connection_base& c, const std::string& digest) {
  pqxx::nontransaction tx(c);
  return !tx.exec_params("SELECT 1 FROM content_versions WHERE digest = $1 LIMIT 1", digest)
              .empty();
}

void clear_content_refusal(pqxx::connection_base& c) {
  pqxx::nontransaction tx(c);
  tx.exec0("DELETE FROM content_refusals");
}

void record_content_refusal(pqxx::connection_base& c, const ContentRefusal& refusal) {
  json::array problems;
  for (std::size_t i = 0; i < refusal.problems.size() && i < kRefusalProblems; ++i)
    problems.emplace_back(refusal.problems[i]);
  pqxx::work tx(c);
  tx.exec0("DELETE FROM content_refusals");
  tx.exec_params0(
      "INSERT INTO content_refusals (reason, origin, serving, problems) VALUES ($1, $2, $3, "
      "$4::json)",
      refusal.reason, refusal.origin, refusal.serving, json::serialize(problems));
  tx.commit();
}

std::optional<ContentRefusal> content_refusal(pqxx::connection_base& c) {
  pqxx::nontransaction tx(c);
  const auto rows = tx.exec(
      "SELECT to_char(refused_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), reason, "
      "origin, serving, problems FROM content_refusals ORDER BY refused_at DESC LIMIT 1");
  if (rows.empty()) return std::nullopt;
  ContentRefusal out{rows[0][0].as<std::string>(),
                     rows[0][1].as<std::string>(),
                     rows[0][2].as<std::string>(),
                     rows[0][3].as<std::string>(),
                     {}};
  const json::value problems = json::parse(rows[0][4].as<std::string>());
  for (const auto& p : problems.as_array()) out.problems.emplace_back(p.as_string());
  return out;
}

}  // namespace loket::db
