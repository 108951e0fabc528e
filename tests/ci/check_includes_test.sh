#!/usr/bin/env bash
# The include check passes on the tree as it is, and fails, naming the file and the rule, on a
# copy with one forbidden include planted for each rule.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fresh_copy() {
  rm -rf "$work/tree"
  mkdir -p "$work/tree"
  tar -C "$repo" --exclude=node_modules --exclude=build -cf - config db connectors intents server \
    tests | tar -C "$work/tree" -xf -
}

fresh_copy
"$repo/.ci/check-includes" "$work/tree" >/dev/null

failures=0
expect_refusal() {  # FILE LINE: planting LINE in FILE must make the check fail and name FILE
  fresh_copy
  printf '%s\n' "$2" >>"$work/tree/$1"
  if out=$("$repo/.ci/check-includes" "$work/tree" 2>&1); then
    echo "FAIL: '$2' in $1 was not refused" >&2
    failures=$((failures + 1))
  elif [[ "$out" != *"$1: includes"* ]]; then
    echo "FAIL: the refusal of '$2' does not name $1: $out" >&2
    failures=$((failures + 1))
  else
    echo "refused as it should be: $(head -n 1 <<<"$out")"
  fi
}

expect_refusal config/config.h '#include "server/http/http.h"'
expect_refusal db/database.h '#include "config/config.h"'
expect_refusal connectors/connector.h '#include "intents/entities.h"'
expect_refusal intents/entities.cpp '#include "config/config.h"'
expect_refusal intents/dialogue/dialogue.cpp '#include <boost/json.hpp>'
expect_refusal intents/dialogue/reply.h '#include "server/chat/chat_json.h"'
expect_refusal server/notify/dispatcher.cpp '#include <boost/beast/http.hpp>'
expect_refusal server/common/log.cpp '#include "server/http/http.h"'
expect_refusal server/common/metrics.h '#include <boost/beast/core.hpp>'
expect_refusal server/notify/channel_hub.cpp '#include "server/chat/chat.h"'
expect_refusal server/http/http_session.cpp '#include "server/chat/chat.h"'
expect_refusal server/http/route.h '#include "server/admin/admin.h"'
expect_refusal server/web/asset_routes.cpp '#include "server/chat/chat.h"'
expect_refusal server/chat/chat_exchange.cpp '#include "server/channels/channels.h"'
expect_refusal server/channels/webhooks.cpp '#include "server/admin/admin.h"'
expect_refusal server/admin/admin_api.cpp '#include "server/chat/chat.h"'
expect_refusal server/app/dispatch.cpp '#include "server/chat/chat.h"'
expect_refusal server/chat/chat_routes.cpp '#include "server/app/server_state.h"'
expect_refusal server/app/routes.cpp '#include "server/cli/nlu_eval.h"'
expect_refusal tests/unit/metrics_test.cpp '#include "server/cli/nlu_eval.h"'

((failures == 0)) || exit 1
