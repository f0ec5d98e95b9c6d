// One whole HTTP/1.1 request read from bytes in memory by Beast's parser,
// as a session reads it from its socket, under the same limits: for the
// request fuzz target (tests/fuzz/http_request_fuzz.cpp), which drives the
// real router without a socket. The session reads incrementally and
// answers 100-continue; that part is not here.
#pragma once

#include <cstddef>
#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http_types.hpp"
#include "ledger/status.hpp"

namespace ledger::api {

// A Beast message as the handlers see it: method and target as sent,
// header names lower-cased, the body moved out.
Request ToRequest(boost::beast::http::request<boost::beast::http::string_body>&& message);

// The request at the start of `bytes`; bytes after it (a pipelined next
// request) are ignored. kTooLarge when the headers exceed
// `max_header_bytes` or the body `max_body_bytes`; kInvalidArgument when
// the bytes are not a request or end before it does.
Result<Request> ParseRequestBytes(std::string_view bytes, std::size_t max_header_bytes,
                                  std::size_t max_body_bytes);

}  // namespace ledger::api
