// The result of one export call, shared by every signal's exporters.
#pragma once

namespace otel {

enum class ExportResult { kSuccess, kFailure };

}  // namespace otel
