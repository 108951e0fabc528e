// The office-hours calendar: open and closed in the office's own time zone across a change to
// and from daylight saving, on holidays, and in a zone that is neither the machine's nor UTC;
// and the `handoff:` section read or refused with file:line.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <random>

#include "config/config.h"
#include "config/office_hours.h"

namespace loket::config {
namespace {

namespace fs = std::filesystem;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_days;
using Year = std::chrono::year;

std::chrono::system_clock::time_point utc(int y, unsigned m, unsigned d, int h, int min) {
  return sys_days{Year{y} / static_cast<int>(m) / static_cast<int>(d)} + hours(h) + minutes(min);
}

OfficeHours weekdays(std::string zone) {
  OfficeHours hours;
  hours.time_zone = std::move(zone);
  for (int d = 0; d < 5; ++d) hours.days[d] = {*parse_interval("08:30-17:00")};
  hours.days[3] = {*parse_interval("08:30-12:00"), *parse_interval("13:00-20:00")};
  return hours;
}

TEST(OfficeHours, IntervalsAreReadStrictly) {
  EXPECT_EQ(510, parse_interval("08:30-17:00")->start);
  EXPECT_EQ(1440, parse_interval("00:00-24:00")->end);
  for (const char* bad : {"", "8:30-17:00", "17:00-08:30", "08:30-08:30", "08:60-09:00",
                          "24:00-24:00", "08:30-24:01", "08:30 17:00", "aa:bb-cc:dd"})
    EXPECT_FALSE(parse_interval(bad)) << bad;
}

TEST(OfficeHours, FollowsDaylightSavingInTheOfficesZone) {
  const auto hours = weekdays("Europe/Amsterdam");
  // Winter (UTC+1): 08:30 local is 07:30 UTC.
  EXPECT_FALSE(staff_presence(hours, utc(2026, 3, 23, 7, 29)).open);
  EXPECT_TRUE(staff_presence(hours, utc(2026, 3, 23, 7, 30)).open);
  // The clocks went forward on Sunday 29 March: 08:30 local is now 06:30 UTC.
  EXPECT_TRUE(staff_presence(hours, utc(2026, 3, 30, 6, 45)).open);
  EXPECT_FALSE(staff_presence(hours, utc(2026, 3, 30, 15, 0)).open);  // 17:00 local
  // Friday evening before the change: next is Monday 08:30 summer time.
  const auto friday = staff_presence(hours, utc(2026, 3, 27, 18, 0));
  ASSERT_FALSE(friday.open);
  ASSERT_TRUE(friday.next);
  EXPECT_EQ(utc(2026, 3, 30, 6, 30), friday.next->at);
  EXPECT_EQ("2026-03-30", friday.next->date);
  EXPECT_EQ("08:30", friday.next->time);
  EXPECT_EQ(0, friday.next->weekday);
  // And back to winter time on 25 October.
  EXPECT_EQ(utc(2026, 10, 26, 7, 30), staff_presence(hours, utc(2026, 10, 24, 12, 0)).next->at);
  // Thursday's lunch break is closed, with the afternoon next.
  const auto lunch = staff_presence(hours, utc(2026, 3, 26, 11, 30));  // 12:30 local
  EXPECT_FALSE(lunch.open);
  EXPECT_EQ("13:00", lunch.next->time);
  EXPECT_EQ("2026-03-26", lunch.next->date);
}

TEST(OfficeHours, AnOpeningInTheSpringGapIsWhenTheClocksLand) {
  OfficeHours hours;
  hours.days[6] = {*parse_interval("02:30-04:00")};  // Sunday; 02:00-03:00 does not exist then
  const auto next = staff_presence(hours, utc(2026, 3, 28, 12, 0)).next;
  ASSERT_TRUE(next);
  EXPECT_EQ(utc(2026, 3, 29, 1, 0), next->at);  // 03:00 CEST
}

TEST(OfficeHours, HolidaysAreClosed) {
  auto hours = weekdays("Europe/Amsterdam");
  hours.holidays = {"2026-12-25", "2026-12-28"};
  // Friday 25 December at 10:00 local: a holiday; Monday the 28th too; Tuesday 08:30 is next.
  const auto christmas = staff_presence(hours, utc(2026, 12, 25, 9, 0));
  EXPECT_FALSE(christmas.open);
  ASSERT_TRUE(christmas.next);
  EXPECT_EQ("2026-12-29", christmas.next->date);
  EXPECT_EQ(1, christmas.next->weekday);
  EXPECT_TRUE(staff_presence(hours, utc(2026, 12, 24, 9, 0)).open);
}

TEST(OfficeHours, UseTheirOwnZoneWhateverTheMachinesIs) {
  const char* before = std::getenv("TZ");
  const std::string saved = before ? before : "";
  setenv("TZ", "America/Los_Angeles", 1);
  tzset();
  const auto hours = weekdays("Pacific/Auckland");  // UTC+13 in December
  // Monday 7 December 2026 09:00 in Auckland is Sunday 6 December 20:00 UTC.
  EXPECT_TRUE(staff_presence(hours, utc(2026, 12, 6, 20, 0)).open);
  EXPECT_FALSE(staff_presence(hours, utc(2026, 12, 6, 19, 0)).open);
  EXPECT_EQ(utc(2026, 12, 6, 19, 30), staff_presence(hours, utc(2026, 12, 6, 19, 0)).next->at);
  if (before)
    setenv("TZ", saved.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();
}

TEST(OfficeHours, AlwaysOpenAndNeverOpen) {
  OfficeHours always;
  for (auto& day : always.days) day = {*parse_interval("00:00-24:00")};
  for (int h = 0; h < 24; ++h) EXPECT_TRUE(staff_presence(always, utc(2026, 3, 29, h, 0)).open);
  OfficeHours never;
  const auto closed = staff_presence(never, utc(2026, 3, 29, 12, 0));
  EXPECT_FALSE(closed.open);
  EXPECT_FALSE(closed.next);
}

class HandoffSettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("loket-handoff-test-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "content.yaml") << R"(intents:
  - id: medewerker
    title: {nl: Medewerker}
    examples: {nl: [ik wil een medewerker spreken]}
    answer: {nl: "Wilt u met een medewerker chatten?"}
    action: handoff
  - id: schulden
    title: {nl: Schulden}
    examples: {nl: [ik heb schulden]}
    answer: {nl: Wij helpen u.}
    handoff: offer
messages:
  fallback: {nl: Dat begrijp ik niet.}
)";
  }
  void TearDown() override { fs::remove_all(dir_); }

  LoadResult load(const std::string& handoff) {
    std::ofstream(dir_ / "loket.yaml")
        << "municipality: Testdorp\nlanguages: {default: nl, supported: [nl]}\n"
           "content: [content.yaml]\n"
        << handoff;
    return load_config(dir_ / "loket.yaml");
  }
  std::string problems(const std::string& handoff) {
    std::string out;
    for (const auto& d : load(handoff).errors) out += d.to_string() + "\n";
    return out;
  }

  fs::path dir_;
};

TEST_F(HandoffSettingsTest, ReadsTheIssuesForm) {
  const auto loaded = load(R"(handoff:
  after_fallbacks: 2
  display_name: Gemeente Testdorp
  office_hours:
    time_zone: Europe/Amsterdam
    mon: "08:30-17:00"
    thu: ["08:30-12:00", "13:00-20:00"]
    holidays: [2026-12-25, 2026-12-26]
)");
  ASSERT_TRUE(loaded.config) << loaded.errors.front().to_string();
  const auto& h = *loaded.config->handoff;
  EXPECT_EQ(2, h.after_fallbacks);
  EXPECT_EQ("Gemeente Testdorp", h.display_name);
  EXPECT_EQ(1u, h.office_hours.days[0].size());
  EXPECT_EQ(2u, h.office_hours.days[3].size());
  EXPECT_TRUE(h.office_hours.days[1].empty());
  EXPECT_EQ(2u, h.office_hours.holidays.size());
  EXPECT_EQ(Intent::Handoff::requested, loaded.config->find_intent("medewerker")->handoff);
  EXPECT_EQ(Intent::Handoff::offered, loaded.config->find_intent("schulden")->handoff);
  EXPECT_FALSE(load("").config->handoff);
}

TEST_F(HandoffSettingsTest, RefusesWhatCannotBeMeant) {
  EXPECT_NE(std::string::npos,
            problems("handoff:\n  office_hours:\n    time_zone: Europe/Groningen\n    mon: "
                     "\"08:30-17:00\"\n")
                .find("loket.yaml:6:16: handoff.office_hours.time_zone: 'Europe/Groningen' is "
                      "not a time zone"));
  EXPECT_NE(std::string::npos,
            problems("handoff:\n  office_hours:\n    time_zone: UTC\n    mon: 8-17\n")
                .find("loket.yaml:7:10: handoff.office_hours.mon: '8-17' is not a time interval"));
  EXPECT_NE(std::string::npos, problems("handoff:\n  office_hours:\n    time_zone: UTC\n    mon: "
                                        "[\"08:00-12:00\", \"11:00-13:00\"]\n")
                                   .find("handoff.office_hours.mon: its intervals overlap"));
  EXPECT_NE(std::string::npos,
            problems("handoff:\n  office_hours: {time_zone: UTC, holidays: [25-12-2026]}\n")
                .find("names no day"));
  EXPECT_NE(std::string::npos,
            problems("handoff:\n  after_fallbacks: 2\n").find("handoff.office_hours is missing"));
  EXPECT_NE(std::string::npos,
            problems("handoff:\n  office_hours: {time_zone: UTC, mon: \"00:00-24:00\", "
                     "holidays: [25-12-2026]}\n")
                .find("'25-12-2026' is not a date"));
  EXPECT_NE(std::string::npos,
            problems("handoff:\n  office_hours: {time_zone: UTC, mon: \"00:00-24:00\", "
                     "holidays: [2026-02-30]}\n")
                .find("'2026-02-30' is not a date"));
  EXPECT_NE(std::string::npos,
            problems("notifications: {timezone: Mars/Olympus}\n").find("not a time zone"));
}

TEST_F(HandoffSettingsTest, ReadsTheContactCentreWithSecretsFromTheEnvironment) {
  ::setenv("LOKET_TEST_CHATWOOT_TOKEN", "api-token", 1);
  ::setenv("LOKET_TEST_CHATWOOT_HOOK", "hook-token", 1);
  const std::string hours = "handoff:\n  office_hours: {time_zone: UTC, mon: \"00:00-24:00\"}\n";
  const auto chatwoot = load(hours +
                             "  contact_centre:\n    chatwoot:\n"
                             "      url: https://chat.example.nl/\n"
                             "      account_id: 3\n      inbox_id: 7\n"
                             "      api_access_token: {env: LOKET_TEST_CHATWOOT_TOKEN}\n"
                             "      webhook_token: {env: LOKET_TEST_CHATWOOT_HOOK}\n");
  ASSERT_TRUE(chatwoot.config) << chatwoot.errors.front().to_string();
  const auto& cc = *chatwoot.config->handoff->contact_centre;
  EXPECT_EQ(ContactCentre::Kind::chatwoot, cc.kind);
  EXPECT_EQ("https://chat.example.nl", cc.url);
  EXPECT_EQ(3, cc.account_id);
  EXPECT_EQ(7, cc.inbox_id);
  EXPECT_EQ("api-token", cc.api_access_token);
  EXPECT_EQ("hook-token", cc.secret);

  // A secret written in the YAML, one not set, a missing id, a bad URL, and two systems at once.
  EXPECT_NE(std::string::npos,
            problems(hours + "  contact_centre:\n    webhook: {url: https://k.example, secret: "
                             "abc}\n")
                .find("handoff.contact_centre.webhook.secret is a secret: write {env: NAME}"));
  EXPECT_NE(std::string::npos,
            problems(hours + "  contact_centre:\n    webhook: {url: https://k.example, secret: "
                             "{env: LOKET_TEST_UNSET_SECRET}}\n")
                .find("LOKET_TEST_UNSET_SECRET is not set"));
  EXPECT_NE(std::string::npos,
            problems(hours + "  contact_centre:\n    chatwoot: {url: https://c.example, "
                             "inbox_id: 1, api_access_token: {env: LOKET_TEST_CHATWOOT_TOKEN}, "
                             "webhook_token: {env: LOKET_TEST_CHATWOOT_HOOK}}\n")
                .find("handoff.contact_centre.chatwoot.account_id is missing"));
  EXPECT_NE(std::string::npos,
            problems(hours + "  contact_centre:\n    webhook: {url: ftp://k.example, secret: "
                             "{env: LOKET_TEST_CHATWOOT_HOOK}}\n")
                .find("loket.yaml:7:20: handoff.contact_centre.webhook.url must start with"));
  EXPECT_NE(std::string::npos, problems(hours + "  contact_centre: {chatwoot: {}, webhook: {}}\n")
                                   .find("give chatwoot or webhook, not both"));
}

}  // namespace
}  // namespace loket::config
