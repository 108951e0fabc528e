// Internal to server/chat: a chat turn while the resident is handed to a person. The dialogue
// decides (dialogue.h); these carry it out in the handoff store and say how it went. Call from
// any I/O thread.
#pragma once

#include <optional>
#include <string_view>

#include "db/handoff_store.h"
#include "server/chat/chat.h"

namespace loket::server {

// While the conversation is with a person (or waiting for one): the message goes to them, or
// ends it ("stop", the end button). Nothing when that handoff is over: the dialogue answers.
asio::awaitable<std::optional<dialogue::Reply>> answer_in_handoff(
    ChatState& state, const dialogue::Dialogue& chat, const dialogue::Message& message,
    dialogue::SessionState& conversation, std::string_view channel);

// Carries out `reply.handoff_request` (into the queue, or a callback request) and has the
// dialogue say how it went.
asio::awaitable<void> carry_out_handoff(ChatState& state, const dialogue::Dialogue& chat,
                                        const dialogue::Message& message, dialogue::Reply& reply,
                                        dialogue::SessionState& conversation,
                                        std::string_view channel, const ContactRef* contact);

// Tells the contact centre's system that carries `handoff` (when the configuration still names
// it) that the resident is gone: ended it, or left it.
asio::awaitable<void> end_in_contact_centre(ChatState& state, const dialogue::Dialogue& chat,
                                            const db::Handoff& handoff, std::string reason);

}  // namespace loket::server
