// The whole viewer wired together: store, receivers (gRPC + HTTP) and the web server.
#pragma once

#include <memory>
#include <string>

#include "config.h"

namespace viewer {

class ViewerApp {
 public:
  explicit ViewerApp(const Config& config);
  ~ViewerApp();
  ViewerApp(const ViewerApp&) = delete;
  ViewerApp& operator=(const ViewerApp&) = delete;

  // Binds every port and starts serving; false with *error when a port is unusable.
  bool Start(std::string* error);
  // Stops accepting, lets requests in flight finish, joins the server threads.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace viewer
