// Building successful responses.
#pragma once

#include <string>

#include "http_types.hpp"
#include "ledger/canonical_json.hpp"

namespace ledger::api {

// `application/json; charset=utf-8`. Throws only on invalid UTF-8 in
// `value`, which the router turns into a 500: we never emit broken JSON.
inline Response JsonResponse(int status, const Json& value) {
  Response response;
  response.status = status;
  response.content_type = kJsonType;
  response.body = value.dump();
  return response;
}

inline Response TextResponse(int status, std::string text) {
  Response response;
  response.status = status;
  response.content_type = kTextType;
  response.body = std::move(text);
  return response;
}

}  // namespace ledger::api
