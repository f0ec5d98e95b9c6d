// RFC 9457 problem details, and the one mapping from ledger::Code to an
// HTTP status.
//
// Body: {"type","title","status","detail","errors":[{"index","field","message"}]}
// with type "about:blank" and title the status's reason phrase (RFC 9457
// §4.2.1), so clients branch on `status` and read `errors` for the where.
#pragma once

#include <string>
#include <string_view>

#include "http_types.hpp"
#include "ledger/status.hpp"

namespace ledger::api {

// The HTTP status for a library error code. One switch, no default: a new
// Code does not compile until it is mapped here.
int HttpStatusFor(Code code);

// "Not Found" for 404; "Error" for a status this server never sends.
std::string_view ReasonPhrase(int status);

// A problem response for `error`: status from its code, detail its field
// and message, one errors[] entry with its field (null when empty). A field
// "events[i].rest" (an event of a batch) gives index i and field "rest";
// otherwise index is null. A 429 or 503 carries `Retry-After: 1`.
Response ErrorResponse(const Error& error);

// A library kNotFound without a field, blamed on the path or query
// parameter the client chose (`field`); any other error is returned as is.
Error NotFoundAt(const Error& error, std::string field);

// A problem the HTTP layer raises itself (no route, wrong method, a limit).
Response HttpProblem(int status, std::string detail, std::string field = {});

}  // namespace ledger::api
