// otlp_json.h - encodes spans as an OTLP/HTTP JSON ExportTraceServiceRequest
// (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding): one
// resource (service.name), one scope ("gw"), IDs as hex, 64-bit integers as
// decimal strings. Pure; thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/telemetry/span.h"

namespace gw {

std::string otlp_traces_json(std::span<const Span> spans, std::string_view service_name);

}  // namespace gw
