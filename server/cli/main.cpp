// loket's command line: serve, check-config.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <pqxx/pqxx>

#include <cstdlib>
#include <memory>

#include "config/config.h"
#include "config/database_url_in_file.h"
#include "config/hosting.h"
#include "config/yaml_checker.h"
#include "db/database.h"
#include "db/database_pools.h"
#include "db/migrations.h"
#include "db/staff_store.h"
#include "intents/dialogue/content_checks.h"
#include "intents/dialogue/conversation_test_runner.h"
#include "intents/dialogue/dialogue.h"
#include "intents/dialogue/what_if.h"
#include "intents/entities.h"
#include "server/app/dispatch.h"
#include "server/app/serve.h"
#include "server/cli/content_diff.h"
#include "server/cli/content_show.h"
#include "server/cli/nlu_eval.h"
#include "server/cli/published_content.h"
#include "server/common/content_holder.h"
#include "server/common/content_version.h"
#include "server/common/log.h"
#include "server/http/listener.h"
#include "server/import/import.h"
#include "server/notify/channel_hub.h"

namespace {

using loket::config::Config;

constexpr const char* kUsage =
    "usage:\n"
    "  loket --version\n"
    "  loket serve --config PATH [--listen HOST:PORT] [--threads N]\n"
    "    (PATH: a municipality's loket.yaml, or a hosting file listing several; commands\n"
    "     below that act on one municipality take --municipality ID with a hosting file)\n"
    "  loket check-config --config PATH [--strict] [--as-of YYYY-MM-DD]\n"
    "  loket test-conversations --config PATH [--municipality ID]\n"
    "  loket content show INTENT --config PATH [--municipality ID]\n"
    "  loket content diff --config NEW --against CURRENT [--log N] [--municipality ID]\n"
    "  loket import SOURCE --out DIR [--format csv|xlsx|rasa|faqpage] [--lang LANG]\n"
    "  loket migrate --config PATH\n"
    "  loket token create --role editor|campaigns|agent|admin --name NAME --config PATH\n"
    "                     [--municipality ID]\n"
    "  loket token list --config PATH [--municipality ID]\n"
    "  loket token revoke --name NAME --config PATH [--municipality ID]\n"
    "  loket dispatch --config PATH [--municipality ID] [--threads N] [--listen HOST:PORT]\n"
    "    (a hosting file without --municipality: every municipality's dispatcher at once)\n"
    "  loket nlu-eval (--train FILE.jsonl | --config PATH) (--test FILE.jsonl | --cv K)\n"
    "                 [--lang LANG] [--report FILE] [--threshold T]\n";

// What each command does, for `loket COMMAND --help`, under its lines of kUsage.
constexpr std::pair<std::string_view, std::string_view> kAbout[] = {
    {"serve",
     "Serves the chat (REST, WebSocket and the widget), the channels' webhooks and the staff\n"
     "pages; with a database it also sends the notifications. SIGHUP (or a saved content file)\n"
     "reloads the content; SIGTERM drains and stops.\n"
     "  --config PATH       the server file\n"
     "  --listen HOST:PORT  instead of server.listen\n"
     "  --threads N         I/O threads instead of server.threads (0: one per core)\n"},
    {"check-config",
     "Checks the server file and every content file it names, as a reload would. Prints each\n"
     "problem as file:line:column and exits 1 when there is one; warnings do not fail.\n"
     "  --strict            warnings fail too\n"
     "  --as-of YYYY-MM-DD  review dates as they will stand on that day\n"},
    {"test-conversations",
     "Runs the staff's test conversations (conversation_tests: in the server file) through the\n"
     "content; prints each failing turn with the answer given; exits 1 when one fails.\n"},
    {"content",
     "show: an intent as loket serves it, each part with the file and line it comes from.\n"
     "diff: the residents' last logged questions (--log N, from the database) and the test\n"
     "conversations through the content in service (--against) and a changed one (--config):\n"
     "what would be answered differently.\n"},
    {"import",
     "Turns an FAQ (a CSV or XLSX sheet, a Rasa project, a web page with FAQPage data) into\n"
     "content files in DIR, for staff to check before they go live.\n"},
    {"migrate",
     "Brings the database up to this version (migrations go forward only), then exits.\n"},
    {"token",
     "Staff tokens in the database: create prints the new token once (keep it); list shows the\n"
     "names and roles; revoke ends a name's tokens at once.\n"},
    {"dispatch",
     "Sends the queued notifications without serving the chat: a dispatcher of its own.\n"
     "  --listen HOST:PORT  serves /healthz, /readyz and /metrics\n"},
    {"nlu-eval",
     "Measures the intent matcher: trained on --train (or the content of --config), tested on\n"
     "--test or by K-fold cross-validation (--cv K); prints accuracy and the operating curve.\n"},
};

// The lines of kUsage for `command` ("serve", "content diff", "token"), each with the lines that
// continue it; all of kUsage for a command it does not name.
std::string usage_of(std::string_view command) {
  std::string out;
  bool in = false;
  std::string_view rest = kUsage;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    const std::string_view line = rest.substr(0, end + 1);
    rest.remove_prefix(line.size());
    if (line.starts_with("  loket ")) {
      const std::string_view after = line.substr(8);
      in = !command.empty() && after.starts_with(command) &&
           (after.size() == command.size() || after[command.size()] == ' ' ||
            after[command.size()] == '\n');
    } else if (!line.starts_with("    ") && !line.starts_with("  ")) {
      in = false;
    }
    if (in) out += line;
  }
  return out.empty() ? std::string(kUsage) : "usage:\n" + out;
}

// The command being run ("content diff"), for the usage its mistakes print.
std::string running_command;

std::string help_of(std::string_view command) {
  std::string out = usage_of(command);
  const std::string_view first = command.substr(0, command.find(' '));
  for (const auto& [name, about] : kAbout)
    if (name == first) out += "\n" + std::string(about);
  return out;
}

// Flags of the form --name VALUE; returns false (after printing why) on anything else.
bool parse_flags(int argc, char** argv, const std::vector<std::string>& known,
                 std::map<std::string, std::string>& out, bool config_required = true) {
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];

    std::string value;
    if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      std::cerr << "loket: " << arg << " needs a value\n" << usage_of(running_command);
      return false;
    }
    if (arg.rfind("--", 0) != 0 ||
        std::find(known.begin(), known.end(), arg.substr(2)) == known.end()) {
      std::cerr << "loket: unknown option " << arg << "\n" << usage_of(running_command);
      return false;
    }
    out[arg.substr(2)] = value;
  }
  if (config_required && !out.count("config")) {
    std::cerr << "loket: --config PATH is required\n" << usage_of(running_command);
    return false;
  }
  return true;
}

std::optional<Config> load_or_report(const std::string& path) {
  auto result = loket::config::load_config(path);
  for (const auto& d : result.errors) std::cerr << d.to_string() << "\n";
  return std::move(result.config);
}

std::size_t example_count(const Config& config) {
  std::size_t n = 0;
  for (const auto& intent : config.intents)
    for (const auto& [lang, list] : intent.examples) n += list.size();
  return n;
}

// The database URL: LOKET_DATABASE_URL wins over the config; empty when neither names one. A
// hosted municipality's `schema` keeps its data apart from the others'.
std::string database_url(std::string url, const std::string& schema) {
  if (const char* env = std::getenv("LOKET_DATABASE_URL"); env != nullptr && *env != '\0')
    url = env;
  // Started anyway, it would retry a connection that can never be made, and only say so in
  // /readyz's "starting".
  // libpq's own words about it may quote the password: they are not repeated.
  if (!url.empty() && !loket::db::is_readable_url(url))
    throw std::invalid_argument(
        "the database URL (LOKET_DATABASE_URL or database.url) cannot be read by PostgreSQL's "
        "client: write it as postgresql://user@host:5432/database (a special character in the "
        "password percent-encoded, '@' as %40) or as host=... dbname=...");
  return url.empty() || schema.empty() ? url : loket::db::with_schema(url, schema);
}
std::string database_url(const Config& config, const std::string& schema = {}) {
  return database_url(config.database.url, schema);
}

// A configuration to start with: `path`'s own, or, when its files are refused (their problems
// printed) but the database it names holds content other instances published, that content.
struct StartingConfig {
  std::optional<Config> config;  // nullopt after saying why there is nothing to start with
  loket::config::ContentFiles files;
  std::vector<std::string> refused;  // the own files' problems, when they were refused
};
StartingConfig load_for_start(const std::string& path, const std::string& schema,
                              std::string_view command) {
  StartingConfig out;
  auto result = loket::config::load_config(path);
  for (const auto& d : result.errors) std::cerr << d.to_string() << "\n";
  if (result.config) {
    out.config = std::move(result.config);
    out.files = std::move(result.files);
    return out;
  }
  const std::string url = database_url(loket::config::database_url_in_file(path), schema);
  if (url.empty()) return out;
  auto instead = loket::server::newest_published_content(path, url);
  if (!instead.config) {
    std::cerr << "loket " << command << ": " << path
              << " has problems (above), and no published content can be served instead: "
              << instead.why_not << "\n";
    return out;
  }
  out.config = std::move(instead.config);
  out.files = std::move(instead.files);
  for (const auto& d : result.errors) out.refused.push_back(d.to_string());
  return out;
}

// Says, once the log is set up, that the content started with (from `files`) was published
// before, as `path`'s own files were refused (`refused`: their problems; none: they were not).
void log_started_instead(const loket::config::ContentFiles& files,
                         const std::vector<std::string>& refused, const std::string& path,
                         const std::string& municipality) {
  if (refused.empty()) return;
  loket::log::error(
      "this instance's content files are refused; serving the newest published content instead",
      {{"municipality", municipality},
       {"config", path},
       {"version", std::string(loket::server::short_version(loket::server::content_digest(files)))},
       {"problems", refused.size()},
       {"first", refused.front()},
       {"fix", "correct the files: they are read again when they change (or on SIGHUP)"}});
}

// The hosting file at `path`, when it is one (its errors printed: `ok` false).
struct HostingFile {
  bool ok = true;
  std::optional<loket::config::Hosting> hosting;
};
HostingFile hosting_file(const std::string& path) {
  HostingFile out;
  if (!loket::config::is_hosting_file(path)) return out;
  auto result = loket::config::load_hosting(path);
  for (const auto& d : result.errors) std::cerr << d.to_string() << "\n";
  out.ok = result.errors.empty();
  out.hosting = std::move(result.hosting);
  return out;
}

// For a command that acts on one municipality: with a hosting file, --municipality ID picks it
// (flags["config"] becomes its loket.yaml, flags["schema"] its database schema). False, after
// saying why, when it names none of them.
bool choose_municipality(std::map<std::string, std::string>& flags, std::string_view command) {
  const auto file = hosting_file(flags["config"]);
  if (!file.ok) return false;
  if (!file.hosting) {
    if (!flags.count("municipality")) return true;
    std::cerr << "loket " << command << ": --municipality needs a hosting file as --config\n";
    return false;
  }
  const std::string id = flags["municipality"];
  for (const auto& m : file.hosting->municipalities)
    if (m.id == id) {
      flags["config"] = m.config.string();
      flags["schema"] = loket::config::schema_of(id);
      return true;
    }
  std::string ids;
  for (const auto& m : file.hosting->municipalities) ids += (ids.empty() ? "" : ", ") + m.id;
  std::cerr << "loket " << command << ": " << flags["config"] << " is a hosting file: "
            << (id.empty() ? "give --municipality ID" : "no municipality '" + id + "'") << " ("
            << ids << ")\n";
  return false;
}

// Checks a configuration `load_or_report` read (nullopt: it had errors, already printed).
int check_loaded_config(const std::optional<Config>& config, bool strict,
                        std::chrono::year_month_day today);

// Two hosted municipalities writing one additions file would each write the other's staff's
// examples into their content: false (after saying so) when they would.
bool additions_apart(const std::vector<std::pair<std::string, const Config*>>& municipalities) {
  std::map<std::filesystem::path, std::string> owner;
  bool apart = true;
  for (const auto& [id, config] : municipalities) {
    if (config == nullptr || !config->additions_file) continue;
    const auto file = std::filesystem::weakly_canonical(*config->additions_file);
    if (auto [at, fresh] = owner.emplace(file, id); !fresh) {
      std::cerr << "municipalities " << at->second << " and " << id
                << " name the same additions file " << file.string()
                << ": each needs its own (additions: in its loket.yaml)\n";
      apart = false;
    }
  }
  return apart;
}

// A hosting file: every municipality in it, each checked on its own.
int check_config(int argc, char** argv) {
  // --strict takes no value: pull it out before the NAME VALUE flags are read.
  bool strict = false;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--strict")
      strict = true;
    else
      args.push_back(argv[i]);
  }
  std::map<std::string, std::string> flags;
  if (!parse_flags(static_cast<int>(args.size()), args.data(), {"config", "as-of"}, flags))
    return 2;
  // --as-of: the review dates as they will stand then (what falls due by the next meeting), and
  // a fixed day for a CI check that must not start failing on its own.
  auto today = loket::intents::local_today();
  if (flags.count("as-of")) {
    const std::string& day = flags["as-of"];
    if (!loket::config::is_iso_date(day)) {
      std::cerr << "--as-of " << loket::config::iso_date_problem(day) << "\n";
      return 2;
    }
    today = std::chrono::year{std::stoi(day.substr(0, 4))} /
            std::chrono::month{static_cast<unsigned>(std::stoi(day.substr(5, 2)))} /
            std::chrono::day{static_cast<unsigned>(std::stoi(day.substr(8, 2)))};
  }
  const auto file = hosting_file(flags["config"]);
  if (!file.ok) return 1;
  if (!file.hosting) return check_loaded_config(load_or_report(flags["config"]), strict, today);
  int worst = 0;
  // Kept whole: additions_apart() compares them once all are read.
  std::vector<std::optional<Config>> loaded;
  for (const auto& m : file.hosting->municipalities) {
    std::cout << "municipality " << m.id << " (" << m.config.string() << "):\n";
    loaded.push_back(load_or_report(m.config.string()));
    worst = std::max(worst, check_loaded_config(loaded.back(), strict, today));
  }
  std::vector<std::pair<std::string, const Config*>> additions;
  for (std::size_t i = 0; i < loaded.size(); ++i)
    additions.emplace_back(file.hosting->municipalities[i].id, loaded[i] ? &*loaded[i] : nullptr);
  if (!additions_apart(additions)) worst = 1;
  return worst;
}

int check_loaded_config(const std::optional<Config>& config, bool strict,
                        std::chrono::year_month_day today) {
  if (!config) return 1;
  // The test conversations are read (not run: that is test-conversations): a mistake in them
  // would otherwise show only when someone runs them.
  std::vector<loket::config::Diagnostic> test_errors;
  loket::dialogue::conversation_tests_of(*config, test_errors);
  for (const auto& e : test_errors) std::cerr << e.to_string() << "\n";
  // Printed also when a test conversation is wrong: "this file is not read" often says why
  // (the intent it names is in a file saved as .yaml.txt).
  const auto warnings = loket::dialogue::content_warnings(*config, today);
  for (const auto& w : warnings) {
    auto line = w.to_string();
    // "file:line:column: warning: message" (or an error under --strict)
    line.insert(line.find(": ", w.file.size()) + 2, strict ? "error: " : "warning: ");
    std::cerr << line << "\n";
  }
  if (!test_errors.empty()) return 1;
  const auto misfiled_examples = loket::dialogue::misfiled_examples(*config);
  for (const auto& misfiled : misfiled_examples) {
    auto line = misfiled.to_string();
    line.insert(line.find(": ", misfiled.file.size()) + 2, "note: ");
    std::cerr << line << "\n";
  }
  for (const auto& note : loket::dialogue::language_notes(*config))
    std::cout << "note: " << note << "\n";
  if (strict && !warnings.empty()) return 1;
  std::string languages;
  for (const auto& l : config->languages) languages += (languages.empty() ? "" : ",") + l;
  std::cout << "ok: " << config->intents.size() << " intents, " << config->languages.size()
            << " languages (" << languages << "), " << example_count(*config) << " examples in "
            << config->content_files.size() << " content files\n";
  // Which messaging channels would be on with this environment, and why the others are off.
  const auto& channels = config->channels;
  const bool vapid_key_ok =
      !channels.webpush ||
      loket::connectors::VapidKey::from_pem(channels.webpush->vapid_private_key).has_value();
  std::string on;
  for (const auto& [name, enabled] :
       {std::pair{"telegram", channels.telegram.has_value()},
        std::pair{"meta", channels.meta.has_value()}, std::pair{"x", channels.x.has_value()},
        std::pair{"mastodon", channels.mastodon.has_value()},
        std::pair{"webpush", channels.webpush.has_value() && vapid_key_ok}})
    if (enabled) on.append(on.empty() ? "" : ", ").append(name);
  if (!on.empty()) std::cout << "channels on: " << on << "\n";
  for (const auto& why : channels.off) std::cout << "channel " << why << "\n";
  if (!vapid_key_ok) std::cout << "channel " << loket::server::kBadVapidKey << "\n";
  loket::server::print_intent_origins(*config, std::cout);
  // Last, where it is read: the warnings scroll by above among the notes and the origins.
  if (!warnings.empty() || !misfiled_examples.empty())
    std::cout << "check: " << warnings.size() << " warning(s) to look at, "
              << misfiled_examples.size()
              << " note(s) on examples the matcher files under another intent (above, on "
                 "standard error; --strict fails on warnings)\n";
  return 0;
}

// `loket import SOURCE --out DIR`: a municipality's existing FAQ as content, and what of it could
// not be used.
int import_content(int argc, char** argv) {
  namespace import = loket::server::import;
  if (argc < 3 || std::string_view(argv[2]).rfind("--", 0) == 0) {
    std::cerr << "loket import: SOURCE (a file or a Rasa project's folder) is required\n"
              << usage_of("import");
    return 2;
  }
  std::map<std::string, std::string> flags;
  if (!parse_flags(argc - 1, argv + 1, {"out", "format", "lang"}, flags, false)) return 2;
  if (!flags.count("out")) {
    std::cerr << "loket import: --out DIR is required (a folder to list under content:)\n";
    return 2;
  }
  const std::filesystem::path source = argv[2];
  const std::string lang = flags.count("lang") ? flags["lang"] : "nl";
  if (!loket::config::is_supported_language(lang)) {
    std::cerr << "loket import: --lang '" << lang << "' is not a language code (nl, en, de, ...)\n";
    return 2;
  }
  const auto format =
      flags.count("format") ? import::parse_format(flags["format"]) : import::guess_format(source);
  if (!format) {
    std::cerr << "loket import: "
              << (flags.count("format") ? "--format must be csv, xlsx, rasa or faqpage"
                                        : "cannot tell the format of " + source.string() +
                                              "; give --format csv|xlsx|rasa|faqpage")
              << "\n";
    return 2;
  }
  auto read = import::read_source(source, *format, lang);
  if (!read.imported) {
    std::cerr << "loket import: " << read.error << "\n";
    return 1;
  }
  const auto skipped = read.imported->skipped;
  const auto print_skipped = [&skipped] {
    if (!skipped.empty()) std::cout << "not imported (" << skipped.size() << "):\n";
    for (const auto& s : skipped) std::cout << "  " << s.where << ": " << s.why << "\n";
  };
  std::string error;
  auto written =
      import::write_content(std::move(*read.imported), source, flags["out"], lang, error);
  if (!written) {
    print_skipped();
    std::cerr << "loket import: " << error << " (" << flags["out"] << " is left as it was)\n";
    return 1;
  }
  std::cout << "imported " << written->intents << " intents from " << source.filename().string()
            << " (" << import::format_name(*format) << ") into " << written->files.size()
            << " files in " << flags["out"] << "\n";
  for (const auto& file : written->removed)
    std::cout << "removed " << file.string() << " (the source no longer fills it)\n";
  print_skipped();
  return 0;
}

// The last `n` questions of the conversation log, when `config` has a database; none (with a
// note) when it has not or it cannot be reached.
std::vector<loket::db::LoggedQuestion> logged_questions(const Config& config, std::size_t n,
                                                        const std::string& schema) {
  const auto url = database_url(config, schema);
  if (url.empty() || n == 0) return {};
  try {
    pqxx::connection connection(loket::db::with_connect_timeout(url, loket::db::kConnectTimeout));
    loket::db::use_schema(connection, loket::db::schema_in(url));
    return loket::db::recent_questions(connection, n);
  } catch (const pqxx::undefined_table&) {
    std::cerr << "loket content diff: the database has no conversation log yet (run `loket "
                 "migrate` with this configuration first); the test conversations only\n";
    return {};
  } catch (const std::exception& e) {
    std::cerr << "loket content diff: the conversation log cannot be read (" << e.what()
              << (schema.empty() ? "; a hosted municipality's needs --municipality ID" : "")
              << "); the test conversations only\n";
    return {};
  }
}

// `loket content show INTENT`: the intent as residents get it, and where each part comes from.
// `loket content diff`: what a change would answer differently.
int content(int argc, char** argv) {
  const std::string sub = argc > 2 ? argv[2] : "";
  if (sub == "diff") {
    std::map<std::string, std::string> flags;
    if (!parse_flags(argc - 1, argv + 1, {"config", "against", "log", "municipality"}, flags))
      return 2;
    // A hosted municipality's conversation log is in its own schema.
    std::string schema;
    if (flags.count("municipality")) {
      if (!loket::config::is_municipality_id(flags["municipality"])) {
        std::cerr << "loket content diff: --municipality must be an id of a hosting file\n";
        return 2;
      }
      schema = loket::config::schema_of(flags["municipality"]);
    }
    std::size_t log = 1000;
    if (flags.count("log")) {
      char* end = nullptr;
      const auto n = std::strtoul(flags["log"].c_str(), &end, 10);
      if (end == flags["log"].c_str() || *end != '\0' || n > 100000) {
        std::cerr << "loket content diff: --log is a number of questions, 0 to 100000\n";
        return 2;
      }
      log = n;
    }
    if (!flags.count("against")) {
      std::cerr << "loket content diff: --against CURRENT (the server file in service) is "
                   "required\n";
      return 2;
    }
    // Either may be a hosting file: --municipality picks the municipality's loket.yaml in it.
    for (const char* file : {"config", "against"}) {
      if (!loket::config::is_hosting_file(flags[file])) continue;
      std::map<std::string, std::string> picked{{"config", flags[file]}};
      if (flags.count("municipality")) picked["municipality"] = flags["municipality"];
      if (!choose_municipality(picked, "content diff")) return 2;
      flags[file] = picked["config"];
    }
    auto next = load_or_report(flags["config"]);
    auto current = next ? load_or_report(flags["against"]) : std::nullopt;
    if (!next || !current) return 1;
    return loket::server::run_content_diff(*next, *current, logged_questions(*current, log, schema),
                                           std::cout);
  }
  if (argc < 4 || sub != "show") {
    std::cerr << "loket content: show INTENT --config PATH, or diff --config NEW --against "
                 "CURRENT\n"
              << usage_of("content");
    return 2;
  }
  std::map<std::string, std::string> flags;
  // Shifted by two: the flags follow the intent id.
  if (!parse_flags(argc - 2, argv + 2, {"config", "municipality"}, flags)) return 2;
  if (!choose_municipality(flags, "content show")) return 2;
  auto config = load_or_report(flags["config"]);
  if (!config) return 1;
  if (!loket::server::print_effective_intent(*config, argv[3], std::cout)) {
    std::cerr << "loket content show: no intent '" << argv[3] << "' in " << flags["config"] << "\n";
    return 1;
  }
  return 0;
}

// LOKET_ADMIN_TOKEN; a hosted municipality's own LOKET_ADMIN_TOKEN_<ID> (upper case, '_' for
// '-'), so that no token is an admin of every municipality.
std::string admin_token(const std::string& municipality = {}) {
  const char* env =
      std::getenv(loket::server::municipal_name("LOKET_ADMIN_TOKEN", municipality).c_str());
  return env == nullptr ? std::string() : std::string(env);
}

// A secret left as the example's placeholder ("CHANGE-ME" in
// deploy/kubernetes/secret.example.yaml): the variable that has it, else empty. Anyone who read the
// example could use it.
std::string placeholder_secret(const std::vector<loket::config::HostedMunicipality>& hosted) {
  std::vector<std::string> names = {"LOKET_ADMIN_TOKEN", "LOKET_SESSION_SECRET"};
  for (const auto& m : hosted)
    names.push_back(loket::server::municipal_name("LOKET_ADMIN_TOKEN", m.id));
  for (const auto& name : names) {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) continue;
    std::string upper(value);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (upper.find("CHANGE-ME") != std::string::npos) return name;
  }
  return {};
}

// Said once at start: an admin token that does nothing, or one that can be guessed.
void warn_about_admin_tokens(const std::vector<loket::config::HostedMunicipality>& hosted) {
  // Long enough not to be guessed: `openssl rand -hex 32` gives 64.
  constexpr std::size_t kMinAdminTokenChars = 32;
  if (!hosted.empty() && !admin_token().empty())
    loket::log::warn(
        "LOKET_ADMIN_TOKEN is not used with a hosting file",
        {{"fix", "set LOKET_ADMIN_TOKEN_<ID> for each municipality, as " +
                     loket::server::municipal_name("LOKET_ADMIN_TOKEN", hosted.front().id)}});
  // With a hosting file the plain variable was said to do nothing above; its length is moot.
  std::vector<std::string> ids;
  if (hosted.empty()) ids.emplace_back();
  for (const auto& m : hosted) ids.push_back(m.id);
  for (const auto& id : ids) {
    const std::string token = admin_token(id);
    if (!token.empty() && token.size() < kMinAdminTokenChars)
      loket::log::warn("admin token is short enough to be guessed",
                       {{"variable", loket::server::municipal_name("LOKET_ADMIN_TOKEN", id)},
                        {"characters", token.size()},
                        {"fix", "use at least 32 random characters: openssl rand -hex 32"}});
  }
}

int migrate_one(const std::string& path, const std::string& schema) {
  auto config = load_or_report(path);
  if (!config) return 1;
  const auto url = database_url(*config, schema);
  if (url.empty()) {
    std::cerr << "loket migrate: no database: set LOKET_DATABASE_URL or database.url\n";
    return 1;
  }
  try {
    // A server that takes the connection and never answers must not hold a migration Job for
    // ever: the same 10 s as every other connection.
    pqxx::connection connection(loket::db::with_connect_timeout(url, loket::db::kConnectTimeout));
    loket::db::use_schema(connection, loket::db::schema_in(url));
    auto applied = loket::db::migrate(connection);
    std::cout << "migrations applied: " << applied.size() << " (schema "
              << (schema.empty() ? "up to date" : schema + " up to date") << ")\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "loket migrate: " << e.what() << "\n";
    if (const std::string_view what = e.what();
        what.find("database \"") != std::string_view::npos &&
        what.find("\" does not exist") != std::string_view::npos)
      std::cerr << "loket migrate: create the database first, as its owner: createdb loket\n";
    return 1;
  }
}

// A hosting file: every municipality's schema.
int migrate(int argc, char** argv) {
  std::map<std::string, std::string> flags;
  if (!parse_flags(argc, argv, {"config"}, flags)) return 2;
  const auto file = hosting_file(flags["config"]);
  if (!file.ok) return 1;
  if (!file.hosting) return migrate_one(flags["config"], {});
  for (const auto& m : file.hosting->municipalities) {
    std::cout << "municipality " << m.id << ": ";
    if (int failed = migrate_one(m.config.string(), loket::config::schema_of(m.id))) return failed;
  }
  return 0;
}

// Staff tokens: made, listed and revoked from the command line (by whoever runs the server).
int token(int argc, char** argv) {
  const std::string sub = argc > 2 ? argv[2] : "";
  if (sub != "create" && sub != "list" && sub != "revoke") {
    std::cerr << "loket token: create, list or revoke\n" << usage_of("token");
    return 2;
  }
  std::map<std::string, std::string> flags;
  // Shifted by one: the flags follow the subcommand.
  if (!parse_flags(argc - 1, argv + 1, {"config", "role", "name", "municipality"}, flags)) return 2;
  if (!choose_municipality(flags, "token")) return 2;
  if (sub == "create") {
    const auto& role = flags["role"];
    const auto& name = flags["name"];
    if (!role.empty() && !loket::db::is_role(role)) {
      std::cerr << "loket token create: --role '" << role
                << "' is not a role: editor, campaigns, agent or admin\n";
      return 2;
    }
    if (role.empty() || name.empty() || name.size() > 100) {
      std::cerr << "loket token create: --role editor|campaigns|agent|admin and --name NAME (at "
                   "most 100 characters) are required\n";
      return 2;
    }
    // The name stands in the audit log and in `token list`'s tab-separated lines.
    const bool control = std::any_of(name.begin(), name.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
    });
    if (control || name.front() == ' ' || name.back() == ' ') {
      std::cerr << "loket token create: --name must be a name people can read, such as 'anna' "
                   "or 'contactcentrum': no tabs or line breaks, no spaces at its start or end\n";
      return 2;
    }
  }
  auto config = load_or_report(flags["config"]);
  if (!config) return 1;
  const auto url = database_url(*config, flags["schema"]);
  if (url.empty()) {
    std::cerr << "loket token: tokens live in the database: set LOKET_DATABASE_URL\n";
    return 1;
  }
  try {
    pqxx::connection connection(loket::db::with_connect_timeout(url, loket::db::kConnectTimeout));
    loket::db::use_schema(connection, loket::db::schema_in(url));
    loket::db::migrate(connection);
    if (sub == "create") {
      const auto& role = flags["role"];
      const auto& name = flags["name"];
      const auto secret = loket::db::new_token();
      if (!loket::db::create_token(connection, name, role, secret)) {
        std::cerr << "loket token create: a token named '" << name
                  << "' exists already (names say who did what in the audit log): choose another "
                     "name, or revoke that token first\n";
        return 1;
      }
      std::cout << "token '" << name << "' (" << role
                << "); it is shown only now, keep it somewhere safe:\n"
                << secret << "\n";
    } else if (sub == "list") {
      const auto tokens = loket::db::list_tokens(connection);
      // On standard error, so that a script reading the list gets no line for no token.
      if (tokens.empty()) std::cerr << "no staff tokens yet: make one with loket token create\n";
      for (const auto& t : tokens)
        std::cout << t.id << "\t" << t.name << "\t" << t.role << "\t" << t.created_at << "\t"
                  << (t.revoked ? "revoked" : "active") << "\n";
    } else {
      const auto n = loket::db::revoke_token(connection, flags["name"]);
      std::cout << "revoked " << n << " token(s) named '" << flags["name"] << "'\n";
      if (n == 0) return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "loket token: " << e.what() << "\n";
    return 1;
  }
}

// --threads N as `server.threads` takes it (0: one per core); nothing (after saying why) when it
// is not one.
std::optional<unsigned> parse_threads_flag(const std::string& text) {
  unsigned threads = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), threads);
  if (ec != std::errc() || end != text.data() + text.size() || threads > 256) {
    std::cerr << "loket: --threads must be a whole number from 0 to 256 (0: one per core), found '"
              << text << "'\n";
    return std::nullopt;
  }
  return threads;
}

// --listen HOST:PORT ("[::1]:8080", ":8080" for every address); nothing (after saying why) when
// it is not one.
std::optional<loket::server::ListenAddress> parse_listen_flag(const std::string& text) {
  loket::server::ListenAddress address;
  auto colon = text.rfind(':');
  try {
    if (colon == std::string::npos) throw std::invalid_argument("no port");
    address.host = text.substr(0, colon);
    if (address.host.size() > 2 && address.host.front() == '[')
      address.host = address.host.substr(1, address.host.size() - 2);
    if (address.host.empty()) address.host = "0.0.0.0";
    std::size_t used = 0;
    const std::string port_text = text.substr(colon + 1);
    auto port = std::stoul(port_text, &used);
    if (port > 65535 || used != port_text.size()) throw std::out_of_range("port");
    address.port = static_cast<std::uint16_t>(port);
    boost::system::error_code not_ip;
    boost::asio::ip::make_address(address.host, not_ip);
    if (not_ip) throw std::invalid_argument("host");
  } catch (const std::exception&) {
    std::cerr << "loket: --listen must be an IP address and a port from 0 to 65535, as "
                 "127.0.0.1:8080 or 0.0.0.0:8080 (a name such as localhost is not looked up), "
                 "found '"
              << text << "'\n";
    return std::nullopt;
  }
  return address;
}

void apply_log_settings(const Config& config) {
  loket::log::Level level{};
  loket::log::parse_level(config.server.log_level, level);
  loket::log::set_level(level);
  loket::log::set_format(config.server.log_format == "json" ? loket::log::Format::json
                                                            : loket::log::Format::logfmt);
}

// What a municipality asks of its database (at `url`, empty for none). Serving chat, its
// conversation states' batches have a connection of their own: on a pool shared by hosted
// municipalities each batch would otherwise change a connection's schema, and PostgreSQL plans
// a prepared statement again whenever the search_path changed.
loket::db::DatabasePools::Wanted database_wanted(const Config& config, std::string url,
                                                 bool serves_chat) {
  const auto dispatcher = loket::server::dispatcher_pinned_workers(config.notifications.workers);
  return {std::move(url), config.database.pool_size, dispatcher + (serves_chat ? 1 : 0),
          config.database.statement_timeout};
}

// One municipality's dispatcher as `loket dispatch` runs it: its configuration and database.
struct Dispatched {
  std::shared_ptr<const Config> config;
  std::string path;
  loket::config::ContentFiles files;  // what `config` was loaded from
  std::vector<std::string> refused;   // see load_for_start()
  std::string database_url;
  std::unique_ptr<loket::db::Database> database;
};

// `path`'s configuration with its database's URL (`schema` for a hosted municipality); null,
// after saying why, when it has errors or no database.
std::unique_ptr<Dispatched> load_for_dispatch(const std::string& path, const std::string& schema) {
  auto started = load_for_start(path, schema, "dispatch");
  auto& config = started.config;
  if (!config) return nullptr;
  auto out = std::make_unique<Dispatched>();
  out->files = std::move(started.files);
  out->refused = std::move(started.refused);
  out->database_url = database_url(*config, schema);
  if (out->database_url.empty()) {
    std::cerr << "loket dispatch: no database for " << path
              << ": set LOKET_DATABASE_URL or database.url\n";
    return nullptr;
  }
  out->config = std::make_shared<const Config>(std::move(*config));
  out->path = path;
  return out;
}

// With a hosting file and no --municipality: every municipality's dispatcher in this process.
int dispatch(int argc, char** argv) {
  std::map<std::string, std::string> flags;
  if (!parse_flags(argc, argv, {"config", "threads", "listen", "municipality"}, flags)) return 2;
  std::optional<loket::server::ListenAddress> probes;
  if (auto it = flags.find("listen"); it != flags.end()) {
    probes = parse_listen_flag(it->second);
    if (!probes) return 2;
  }
  unsigned threads = 1;
  if (auto it = flags.find("threads"); it != flags.end()) {
    const auto given = parse_threads_flag(it->second);
    if (!given) return 2;
    threads = *given;
  }
  std::vector<std::pair<std::string, std::unique_ptr<Dispatched>>> loaded;
  const auto file = hosting_file(flags["config"]);
  if (!file.ok) return 1;
  if (file.hosting && !flags.count("municipality")) {
    for (const auto& m : file.hosting->municipalities)
      loaded.emplace_back(m.id,
                          load_for_dispatch(m.config.string(), loket::config::schema_of(m.id)));
  } else {
    if (!choose_municipality(flags, "dispatch")) return 2;
    loaded.emplace_back(flags["municipality"], load_for_dispatch(flags["config"], flags["schema"]));
  }
  for (const auto& [id, d] : loaded)
    if (!d) return 1;
  apply_log_settings(*loaded.front().second->config);
  for (const auto& [id, d] : loaded) log_started_instead(d->files, d->refused, d->path, id);
  loket::db::DatabasePools pools;
  std::vector<loket::db::DatabasePools::Wanted> wanted;
  for (const auto& [id, d] : loaded)
    wanted.push_back(database_wanted(*d->config, d->database_url, false));
  auto databases = pools.open(wanted);
  for (std::size_t i = 0; i < loaded.size(); ++i)
    loaded[i].second->database = std::move(databases[i]);
  std::vector<loket::server::DispatchedMunicipality> municipalities;
  for (const auto& [id, d] : loaded)
    municipalities.push_back({loaded.size() > 1 ? id : std::string(),
                              loket::server::NotificationSetup{d->database.get(), admin_token(id),
                                                               d->config->notifications,
                                                               d->config->channels, d->config}});
  return loket::server::dispatch_only(municipalities, threads, probes);
}

// One municipality ready to serve: its content trained, its database (when it has one).
struct ServedMunicipality {
  std::unique_ptr<loket::db::Database> database;
  std::unique_ptr<loket::server::ContentHolder> content;
  loket::server::HostedSetup setup;
};

// Municipality `m`'s database URL (empty for none).
std::string database_url_of(const Config& config, const loket::config::HostedMunicipality& m) {
  return database_url(config, m.id.empty() ? std::string() : loket::config::schema_of(m.id));
}

// `config`, `files` and `refused` as load_for_start gave them for `path`; `database` opened for
// it.
std::unique_ptr<ServedMunicipality> load_for_serving(const std::string& path, Config config,
                                                     loket::config::ContentFiles files,
                                                     const loket::config::HostedMunicipality& m,
                                                     std::unique_ptr<loket::db::Database> database,
                                                     std::vector<std::string> refused) {
  auto out = std::make_unique<ServedMunicipality>();
  out->setup = {m.id, m.hosts, nullptr,
                loket::server::NotificationSetup{nullptr, admin_token(m.id), config.notifications,
                                                 config.channels, nullptr},
                std::move(refused)};
  if (!database) {
    loket::log::warn("notifications are off",
                     {{"municipality", m.id},
                      {"reason", "no database configured (LOKET_DATABASE_URL or database.url)"}});
  } else {
    out->database = std::move(database);
    out->setup.notifications.database = out->database.get();
    loket::log::info(
        "notifications are on",
        {{"municipality", m.id}, {"database", loket::db::redact_url(out->database->url())}});
  }
  const auto start = std::chrono::steady_clock::now();
  const std::size_t intents = config.intents.size();
  const std::size_t examples = example_count(config);
  auto chat = std::make_shared<loket::dialogue::Dialogue>(std::move(config));
  loket::log::info("content loaded", {{"municipality", m.id},
                                      {"intents", intents},
                                      {"examples", examples},
                                      {"threshold", chat->threshold()},
                                      {"train_ms", std::chrono::duration<double, std::milli>(
                                                       std::chrono::steady_clock::now() - start)
                                                       .count()}});
  out->content =
      std::make_unique<loket::server::ContentHolder>(std::move(chat), path, std::move(files));
  out->setup.content = out->content.get();
  return out;
}

// A municipality's loket.yaml, or a hosting file: every municipality in it, in one process.
int serve(int argc, char** argv) {
  std::map<std::string, std::string> flags;
  if (!parse_flags(argc, argv, {"config", "listen", "threads"}, flags)) return 2;
  std::optional<unsigned> threads_flag;
  if (auto it = flags.find("threads"); it != flags.end()) {
    threads_flag = parse_threads_flag(it->second);
    if (!threads_flag) return 2;
  }
  // Checked before the content is read and trained, which takes a while.
  std::optional<loket::server::ListenAddress> listen_flag;
  if (auto it = flags.find("listen"); it != flags.end()) {
    listen_flag = parse_listen_flag(it->second);
    if (!listen_flag) return 2;
  }
  const auto file = hosting_file(flags["config"]);
  if (!file.ok) return 1;
  const loket::config::Hosting single{"", 0, {{"", {}, flags["config"]}}};
  const loket::config::Hosting& hosting = file.hosting ? *file.hosting : single;

  // Every configuration read and checked before any is trained: a mistake in the last of fifty
  // is reported at once.
  const auto& municipalities = hosting.municipalities;
  std::vector<std::optional<Config>> configs;
  std::vector<loket::config::ContentFiles> files(municipalities.size());
  std::vector<std::vector<std::string>> refused(municipalities.size());
  for (std::size_t i = 0; i < municipalities.size(); ++i) {
    const auto& m = municipalities[i];
    auto started = load_for_start(
        m.config.string(), m.id.empty() ? std::string() : loket::config::schema_of(m.id), "serve");
    if (!started.config) return 1;
    configs.push_back(std::move(started.config));
    files[i] = std::move(started.files);
    refused[i] = std::move(started.refused);
  }
  std::vector<std::pair<std::string, const Config*>> additions;
  for (std::size_t i = 0; i < configs.size(); ++i)
    additions.emplace_back(municipalities[i].id, &*configs[i]);
  if (!additions_apart(additions)) return 1;
  // The first's log settings for everything the loading logs.
  apply_log_settings(*configs.front());
  for (std::size_t i = 0; i < municipalities.size(); ++i)
    log_started_instead(files[i], refused[i], municipalities[i].config.string(),
                        municipalities[i].id);
  loket::server::ListenAddress address{configs.front()->server.listen_host,
                                       configs.front()->server.listen_port};
  if (file.hosting) address = {file.hosting->listen_host, file.hosting->listen_port};
  if (listen_flag) address = *listen_flag;
  if (const std::string problem = loket::server::listen_problem(address); !problem.empty()) {
    std::cerr << "loket: cannot listen: " << problem << "\n";
    return 1;
  }
  if (const std::string name = placeholder_secret(municipalities); !name.empty()) {
    std::cerr << "loket: " << name
              << " is still the example's placeholder (CHANGE-ME): set it to random characters, "
                 "for example with: openssl rand -hex 32\n";
    return 1;
  }
  loket::db::DatabasePools pools;
  std::vector<loket::db::DatabasePools::Wanted> wanted;
  for (std::size_t i = 0; i < municipalities.size(); ++i)
    wanted.push_back(
        database_wanted(*configs[i], database_url_of(*configs[i], municipalities[i]), true));
  auto databases = pools.open(wanted);
  // One after the other: the training of each already uses every core.
  std::vector<std::unique_ptr<ServedMunicipality>> served;
  for (std::size_t i = 0; i < municipalities.size(); ++i)
    served.push_back(load_for_serving(municipalities[i].config.string(), std::move(*configs[i]),
                                      std::move(files[i]), municipalities[i],
                                      std::move(databases[i]), refused[i]));
  const Config& first = served.front()->content->current()->config();
  if (file.hosting && first.server.metrics_token.empty())
    loket::log::warn("metrics of every municipality are open to anyone",
                     {{"fix", "set server.metrics_token in the first municipality's file (" +
                                  municipalities.front().config.string() + ")"}});
  warn_about_admin_tokens(file.hosting ? municipalities
                                       : std::vector<loket::config::HostedMunicipality>{});
  const unsigned threads = threads_flag ? *threads_flag : first.server.threads;
  std::vector<loket::server::HostedSetup> setups;
  for (const auto& m : served) setups.push_back(m->setup);
  return loket::server::serve(setups, address, threads);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = argv[1];
  running_command = command;
  if ((command == "content" || command == "token") && argc > 2 && argv[2][0] != '-')
    running_command += std::string(" ") + argv[2];
  for (int i = 2; i < argc; ++i)
    if (std::string_view(argv[i]) == "--help" || std::string_view(argv[i]) == "-h") {
      std::cout << help_of(running_command);
      return 0;
    }
  try {
    if (command == "serve") return serve(argc, argv);
    if (command == "check-config") return check_config(argc, argv);
    if (command == "migrate") return migrate(argc, argv);
    if (command == "token") return token(argc, argv);
    if (command == "test-conversations") {
      std::map<std::string, std::string> flags;
      if (!parse_flags(argc, argv, {"config", "municipality"}, flags)) return 2;
      if (!choose_municipality(flags, "test-conversations")) return 2;
      auto config = load_or_report(flags["config"]);
      if (!config) return 1;
      return loket::dialogue::report_conversation_tests(*config, std::cout);
    }
    if (command == "dispatch") return dispatch(argc, argv);
    if (command == "content") return content(argc, argv);
    if (command == "import") return import_content(argc, argv);
    if (command == "nlu-eval") {
      std::map<std::string, std::string> flags;
      if (!parse_flags(argc, argv, {"train", "config", "test", "cv", "lang", "report", "threshold"},
                       flags, false))
        return 2;
      return loket::server::run_nlu_eval(flags);
    }
    if (command == "--help" || command == "help" || command == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (command == "--version" || command == "version") {
      std::cout << "loket " << LOKET_VERSION << "\n";
      return 0;
    }
  } catch (const std::exception& e) {
    loket::log::error("fatal", {{"what", e.what()}});
    return 1;
  }
  std::cerr << "loket: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
