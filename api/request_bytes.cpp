#include "request_bytes.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>

namespace ledger::api {

namespace beast = boost::beast;
namespace http = beast::http;

Request ToRequest(http::request<http::string_body>&& message) {
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  for (const auto& field : message) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.body = std::move(message.body());
  return request;
}

Result<Request> ParseRequestBytes(std::string_view bytes, std::size_t max_header_bytes,
                                  std::size_t max_body_bytes) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(max_header_bytes));
  parser.body_limit(static_cast<std::uint64_t>(max_body_bytes));
  parser.eager(true);
  beast::error_code ec;
  // put() takes what it can each call; a socket read would hand it the
  // rest, here it is all at hand already.
  while (!bytes.empty() && !parser.is_done()) {
    const std::size_t used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec == http::error::need_more && used == 0) break;
    if (ec && ec != http::error::need_more) break;
    ec = {};
    bytes.remove_prefix(used);
  }
  // put_eof's precondition: the parser has seen a byte of the message.
  if (!ec && !parser.got_some()) return Error::Invalid({}, "no request");
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec == http::error::header_limit || ec == http::error::body_limit)
    return Error{Code::kTooLarge, {}, ec.message()};
  if (ec || !parser.is_done()) return Error::Invalid({}, ec ? ec.message() : "the request ends early");
  return ToRequest(parser.release());
}

}  // namespace ledger::api
