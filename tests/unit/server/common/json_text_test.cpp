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

TEST(JsonText, DecimalNumbersAreWrittenAsPeopleWriteThem) {
  const boost::json::value value{{"threshold", 0.1},
                                 {"seconds", 2.5},
                                 {"whole", 3.0},
                                 {"count", -7},
                                 {"big", std::uint64_t{18446744073709551615u}},
                                 {"tiny", 1e-7},
                                 {"nested", boost::json::array{0.35, "x\"y", nullptr, true}},
                                 {"not a number", std::nan("")}};
  const std::string text = write_json(value);
  EXPECT_EQ(R"({"threshold":0.1,"seconds":2.5,"whole":3,"count":-7,"big":18446744073709551615,)"
            R"("tiny":1e-07,"nested":[0.35,"x\"y",null,true],"not a number":null})",
            text);
  // Still JSON, and the same numbers when read back.
  const auto parsed = boost::json::parse(text);
  EXPECT_EQ(0.1, parsed.at("threshold").to_number<double>());
  EXPECT_EQ(1e-7, parsed.at("tiny").to_number<double>());
  EXPECT_TRUE(parsed.at("not a number").is_null());
}

}  // namespace
}  // namespace loket::server
