// Internal to the staff API: the report of POST /admin/v1/content:what-if, made off the I/O
// threads (it loads, checks and trains the changed content). Blocking; safe from any thread.
#pragma once

#include <boost/json/object.hpp>

#include <map>
#include <string>
#include <vector>

#include "db/conversation_log.h"
#include "server/common/content_holder.h"

namespace loket::server {

// Logged questions a what-if replays when the request does not say how many.
inline constexpr std::size_t kWhatIfLoggedQuestions = 1000;

struct WhatIfReport {
  bool ok = false;  // false: the changed content has problems (in body.problems)
  boost::json::object body;
};

WhatIfReport what_if_report(const ContentHolder& content,
                            const std::map<std::string, std::string>& changed,
                            const std::vector<db::LoggedQuestion>& logged);

}  // namespace loket::server
