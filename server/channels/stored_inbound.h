// A resident's channel message as the database keeps it until it is answered (JSON, written and
// read only here), with its answer once made and how much of that went out: whoever answers it
// after a crash or a platform's refusal sends the same answer, going on from there, and a tap on
// a button of it still chooses the button's intent. Pure; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "connectors/connector.h"
#include "server/notify/channel_hub.h"

namespace loket::server {

// The intent each button of a reply offers, in the order of its quick replies ("": none known).
using Offer = std::vector<std::string>;

std::string write_stored_inbound(const connectors::InboundMessage& message,
                                 const connectors::Reply* reply = nullptr,
                                 const Offer* offer = nullptr);

// Nothing when `payload` is not one (a row written by something else, or damaged).
std::optional<ChannelHub::Pending> read_stored_inbound(const std::string& payload);

}  // namespace loket::server
