// JSON text written straight into a string: escaped by Boost.JSON, readable back.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "server/common/json_text.h"

namespace loket::server {
namespace {

TEST(JsonText, AnErrorBodyReadsBackAsTheMessage) {
  for (std::string message :
       {std::string("body is not JSON"), std::string("quote \" and \\ slash"),
        std::string("line\nbreak\tand \x01 control"), std::string("Straße, ærø, 🙂"),
        std::string("nul \0 inside", 13)}) {
    const std::string body = write_error(message);
    const auto parsed = boost::json::parse(body);
    EXPECT_EQ(message, std::string(parsed.at("error").as_string())) << body;
  }
}

TEST(JsonText, AppendsAQuotedStringToWhatIsThere) {
  std::string out = "[";
  append_json_string(out, "a\"b");
  out += ']';
  EXPECT_EQ(R"(["a\"b"])", out);
}

}  // namespace
}  // namespace loket::server
