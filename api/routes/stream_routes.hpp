// GET /v1/events/stream: the log's change feed as Server-Sent Events
// (event_stream.hpp has the message format; docs/api.md the contract).
//
// Where it starts: after `Last-Event-ID: N` (a reconnect; it wins over
// `from`, since a browser's EventSource reconnects to the same URL), else at
// `from`, else at the log's size (only new events). A `from` above the size,
// or a Last-Event-ID naming no event, is 400 naming it: that client follows
// another ledger, and waiting would hide it.
#pragma once

#include "ledger/log.hpp"
#include "router.hpp"

namespace ledger::api {

// Adds the route to `router`. `log` must outlive the router and every
// stream it answers (the server stops before the log closes).
void AddStreamRoutes(Router& router, const Log& log);

}  // namespace ledger::api
