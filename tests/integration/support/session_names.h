// Test support: test conversations name their chat sessions ("res-1"); loket issues the real
// ones. A name stands for the session the first reply to it brought, as a client keeps what
// loket gave it. Not thread-safe; one per test.
#pragma once

#include <boost/json.hpp>

#include <map>
#include <string>

namespace loket::testing {

class SessionNames {
 public:
  // `body` (a chat request) with its session name replaced by the issued session, once there is
  // one; the name is remembered for learn().
  std::string request(const std::string& body) {
    auto request = boost::json::parse(body);
    auto* object = request.if_object();
    pending_.clear();
    if (object == nullptr) return body;
    if (auto* s = object->if_contains("session"); s != nullptr && s->is_string()) {
      pending_ = std::string(s->as_string());
      if (auto it = issued_.find(pending_); it != issued_.end()) *s = it->second;
    }
    return boost::json::serialize(request);
  }

  // The session in a reply to the last request(), kept for its name.
  void learn(const std::string& reply_body) {
    if (pending_.empty()) return;
    boost::system::error_code ec;
    auto reply = boost::json::parse(reply_body, ec);
    if (ec || !reply.is_object()) return;
    if (auto* s = reply.as_object().if_contains("session"); s != nullptr && s->is_string())
      issued_.emplace(pending_, std::string(s->as_string()));
  }

  // The session loket issued for `name` (the name itself before any reply).
  std::string operator[](const std::string& name) const {
    auto it = issued_.find(name);
    return it == issued_.end() ? name : it->second;
  }

 private:
  std::map<std::string, std::string> issued_;
  std::string pending_;
};

}  // namespace loket::testing
