// The chat API's JSON, and only here: a request body becomes a dialogue::Message, a
// dialogue::Reply becomes the reply body (REST and WebSocket alike). Pure; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "intents/dialogue/dialogue.h"
#include "intents/dialogue/message.h"
#include "intents/dialogue/reply.h"
#include "server/chat/session_ids.h"
#include "server/common/json_text.h"
#include "server/http/refusal.h"

namespace loket::server {

// {"session"?, "text"?, "lang"?, "intent"?, "restart"?}: the types checked here, the meaning by
// `chat`'s refusal(). "restart": true starts the conversation over (the welcome again). Without a
// session, or with one `sessions` did not issue, a new one from it (it is the chat contact's
// credential: never the client's choice).
Refusable<dialogue::Message> read_chat_request(std::string_view body,
                                               const dialogue::Dialogue& chat,
                                               const SessionIssuer& sessions);

// {"session", "lang", "intent", "confidence", "messages", "suggestions", "expecting"?,
// "handoff"?: {"status", "position"?, "expected_wait_s"?}}.
std::string write_chat_reply(std::string_view session, const dialogue::Reply& reply);

}  // namespace loket::server
