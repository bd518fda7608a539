// Test support: free loopback ports and child processes that are always cleaned up.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace testsupport {

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
int FreePort();

// Blocks until something accepts TCP connections on 127.0.0.1:port, or the timeout passes.
bool WaitForPort(int port, std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Path of a built executable: build/bin/<name> (the directory of the running test binary).
std::string BinaryPath(const std::string& name);

// A child process started with fork/exec. Its stdout and stderr go to a temporary
// log file (read with Output()). The destructor sends SIGKILL if it is still
// running, so a failing test never leaves a process behind.
class ChildProcess {
 public:
  struct Options {
    std::map<std::string, std::string> env;  // added to (and overriding) the parent's env
    std::vector<std::string> unset_env;      // removed from the inherited environment
    bool inherit_env = true;
  };

  ChildProcess(const std::string& program, const std::vector<std::string>& args,
               const Options& options);
  ChildProcess(const std::string& program, const std::vector<std::string>& args)
      : ChildProcess(program, args, Options{}) {}
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  int pid() const { return pid_; }
  bool Running();
  // Sends a signal (SIGTERM by default).
  void Signal(int sig);
  // Waits up to `timeout` for exit; returns the exit status (or 128+signal), or
  // nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  // Everything the process wrote to stdout and stderr so far.
  std::string Output() const;

 private:
  int pid_ = -1;
  std::optional<int> status_;
  std::string log_path_;
};

}  // namespace testsupport
