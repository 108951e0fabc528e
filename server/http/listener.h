// Listening for HTTP connections: binding an address, and the accept loop that serves each
// connection with run_http_session(). Used by `loket serve` and by `loket dispatch --listen`.
// The accept loop runs on the acceptor's executor; close the acceptor (on that executor) to end it.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "server/http/http.h"
#include "server/http/http_session.h"
#include "server/http/listen_address.h"

namespace loket::server {

// Binds and listens; logs "listening" with the bound port and `threads`. False (logged) when the
// address cannot be used.
bool open_listener(tcp::acceptor& acceptor, const ListenAddress& address, unsigned threads);
// Why `address` cannot be listened on now (its port taken by another process, an address this
// machine does not have), or "" when it can: told before the content is trained, which takes
// a while, not after.
std::string listen_problem(const ListenAddress& address);

// Accepts until the acceptor is closed; each connection lives on the context `place` gives it.
// An accept that fails (out of file descriptors) backs off instead of spinning.
asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, std::function<asio::io_context&()> place,
                                  const Site& site);

// Logs what escaped a detached coroutine (`where` names it).
void log_escaped(std::exception_ptr e, std::string_view where);

}  // namespace loket::server
