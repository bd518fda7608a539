# Findhttplib: cpp-httplib as the imported target httplib::httplib, the name its own
# CMake package uses. Debian ships cpp-httplib as a compiled library described only by
# pkg-config, and its flags (CPPHTTPLIB_OPENSSL_SUPPORT, ...) change the library's
# types, so every user must compile with them: one lookup here for the whole project.
if(TARGET httplib::httplib)
  set(httplib_FOUND TRUE)
  return()
endif()
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_HTTPLIB QUIET IMPORTED_TARGET GLOBAL cpp-httplib)
endif()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(httplib REQUIRED_VARS PC_HTTPLIB_LINK_LIBRARIES
                                  VERSION_VAR PC_HTTPLIB_VERSION)
if(httplib_FOUND)
  add_library(httplib::httplib ALIAS PkgConfig::PC_HTTPLIB)
endif()
