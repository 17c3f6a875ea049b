# Schema text diff (dtl: Debian libdtl-dev, header-only).
find_path(DTL_INCLUDE_DIR dtl/dtl.hpp)
if(NOT DTL_INCLUDE_DIR)
  message(FATAL_ERROR "dtl/dtl.hpp not found: install libdtl-dev (./dev installs it)")
endif()
target_include_directories(sluice_engine SYSTEM PRIVATE ${DTL_INCLUDE_DIR})
target_sources(sluice_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/SchemaTextDiff.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SchemaTextDiff.h
)
