// The database URL as loket logs it: whatever form it takes, the password never shows.
#include <gtest/gtest.h>

#include "db/database.h"
#include "db/notification_listener.h"

namespace loket::db {
namespace {

TEST(DatabaseUrl, PasswordsNeverShowInAnyForm) {
  for (const std::string url : {"postgresql://loket:s3cr3t-pw@db.example/loket",
                                "postgresql://loket:s3cr3t-pw@db.example/loket?sslmode=require",
                                "host=db.example dbname=loket user=loket password=s3cr3t-pw",
                                "host=db.example password = 's3cr3t-pw with spaces' dbname=loket",
                                "postgresql:///loket?password=s3cr3t-pw&host=/var/run/postgresql",
                                "host=db.example passwrd=s3cr3t-pw"}) {
    const std::string shown = redact_url(url);
    EXPECT_EQ(std::string::npos, shown.find("s3cr3t")) << url << " -> " << shown;
  }
  const std::string shown = redact_url("postgresql://loket:s3cr3t-pw@db.example:5433/loket");
  EXPECT_NE(std::string::npos, shown.find("host=db.example")) << shown;
  EXPECT_NE(std::string::npos, shown.find("port=5433")) << shown;
  EXPECT_NE(std::string::npos, shown.find("password=***")) << shown;
}

TEST(DatabaseUrl, AConnectionMadeAtStartGivesUpAfterItsTimeout) {
  EXPECT_EQ("dbname='loket' connect_timeout='10'",
            with_connect_timeout("postgresql:///loket", std::chrono::seconds(10)));
  EXPECT_EQ("connect_timeout='3' host='db'",
            with_connect_timeout("host=db connect_timeout=3", std::chrono::seconds(10)))
      << "the operator's own timeout stays";
  const std::string hosted =
      with_connect_timeout(with_schema("postgresql:///loket", "loket_a"), std::chrono::seconds(5));
  EXPECT_EQ("loket_a", schema_in(hosted)) << hosted;
  EXPECT_THROW(with_connect_timeout("host='unterminated", std::chrono::seconds(5)),
               std::invalid_argument);
}

TEST(DatabaseUrl, AHostedMunicipalitysConnectionsUseItsOwnSchema) {
  EXPECT_EQ("dbname='loket' options='-csearch_path=loket_zuiderdam -cloket.tenant=loket_zuiderdam'",
            with_schema("postgresql:///loket", "loket_zuiderdam"));
  const std::string quoted =
      with_schema("host=db.example dbname=loket user='it\\'s' password='p w'", "loket_a");
  for (const char* part : {"host='db.example'", "user='it\\'s'", "password='p w'"})
    EXPECT_NE(std::string::npos, quoted.find(part)) << quoted;
  EXPECT_TRUE(quoted.ends_with(" options='-csearch_path=loket_a -cloket.tenant=loket_a'"))
      << quoted;
  EXPECT_EQ("options='-csearch_path=loket_a -cloket.tenant=loket_a'", with_schema("", "loket_a"));
  EXPECT_EQ("loket_a", schema_in(quoted));
  EXPECT_EQ("", schema_in("postgresql:///loket?options=-csearch_path%3Dother"));
  EXPECT_EQ("", schema_in("postgresql:///loket"));
  EXPECT_THROW(with_schema("postgresql:///loket?options=-cwork_mem%3D1MB", "loket_a"),
               std::invalid_argument);
  EXPECT_THROW(with_schema("host='unterminated", "loket_a"), std::invalid_argument);
  EXPECT_THROW(with_schema("postgresql:///loket", "loket_a -cstatement_timeout=0"),
               std::invalid_argument)
      << "nothing else slips into the options";
}

TEST(DatabaseUrl, HostedMunicipalitiesOnOneDatabaseShareItsPlainUrl) {
  const std::string plain = "host=db.example dbname=loket password='x options=\\'-csearch_path=y'";
  const auto north = with_schema(plain, "loket_north");
  const auto south = with_schema(plain, "loket_south");
  EXPECT_EQ(without_schema(north), without_schema(south));
  EXPECT_EQ("", schema_in(without_schema(north)));
  EXPECT_EQ(without_schema(north), without_schema(without_schema(north)));
  EXPECT_NE(std::string::npos,
            without_schema(north).find("password='x options=\\'-csearch_path=y'"))
      << without_schema(north);
  EXPECT_EQ("", without_schema(with_schema("", "loket_a")));
  EXPECT_EQ("postgresql:///loket", without_schema("postgresql:///loket"));
  EXPECT_EQ("loket_content_loket_north", scoped_channel("loket_content", "loket_north"));
  EXPECT_EQ("loket_content", scoped_channel("loket_content", ""));
}

}  // namespace
}  // namespace loket::db
