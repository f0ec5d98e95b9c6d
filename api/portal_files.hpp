// The transparency portal's static files (api/portal/*), embedded in the
// binary at build time by api/embed_portal.cmake, so that ledgerd serves
// the portal with no source tree beside it. A file changed in api/portal/
// is embedded again by the next build.
//
// Names are flat (no '/'), as in the source directory. Only .html, .css,
// .js, .svg and .png files are embedded. Pure data, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace ledger::api {

struct EmbeddedFile {
  std::string_view name;   // "index.html"
  std::string_view bytes;  // the file exactly as it was in api/portal/
};

// Every embedded file, sorted by name; empty when api/portal/ held none.
// Defined in the generated portal_files.cpp; the views live for the process.
std::span<const EmbeddedFile> EmbeddedPortalFiles();

struct PortalFile {
  std::string_view bytes;
  std::string_view content_type;  // "text/css; charset=utf-8", "image/png", ...
};

// The Content-Type for a served name, by its extension; "" for any other.
inline std::string_view PortalContentType(std::string_view name) {
  struct Kind {
    std::string_view extension;
    std::string_view content_type;
  };
  static constexpr Kind kKinds[] = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
  };
  for (const Kind& kind : kKinds)
    if (name.size() > kind.extension.size() && name.ends_with(kind.extension))
      return kind.content_type;
  return {};
}

// The embedded file called `name` with its content type; nullopt when
// there is none (including any name with '/' or "..": nothing outside the
// flat list can be named).
inline std::optional<PortalFile> FindPortalFile(std::string_view name) {
  if (name.find('/') != std::string_view::npos || name.find("..") != std::string_view::npos)
    return std::nullopt;
  for (const EmbeddedFile& file : EmbeddedPortalFiles()) {
    if (file.name != name) continue;
    std::string_view content_type = PortalContentType(name);
    if (content_type.empty()) return std::nullopt;
    return PortalFile{file.bytes, content_type};
  }
  return std::nullopt;
}

}  // namespace ledger::api
