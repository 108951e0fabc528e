// The database URL as loket logs it: whatever form it takes, the password never shows.
#include <gtest/gtest.h>

#include "db/database.h"

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

}  // namespace
}  // namespace loket::db
