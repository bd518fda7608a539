// Captures the SDK's own warnings (otel::internal's log) for a test's duration.
#pragma once

#include <mutex>
#include <string>
#include <string_view>

#include "otel/common/internal_log.h"

struct CapturedWarnings {
  CapturedWarnings() {
    otel::internal::set_log_handler([this](otel::internal::LogLevel, std::string_view m) {
      std::lock_guard lock(mutex);
      text += std::string(m) + "\n";
    });
  }
  ~CapturedWarnings() { otel::internal::set_log_handler(nullptr); }
  CapturedWarnings(const CapturedWarnings&) = delete;
  CapturedWarnings& operator=(const CapturedWarnings&) = delete;
  std::string Text() {
    std::lock_guard lock(mutex);
    return text;
  }
  std::mutex mutex;
  std::string text;
};
