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
# The review engine's files in app/migrate (MigrationLint, DryRun) are listed here so that
# app/migrate/sources.cmake stays with the runner's owner; move them there when convenient.
target_sources(sluice_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/../migrate/MigrationLint.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../migrate/MigrationLint.h
  ${CMAKE_CURRENT_LIST_DIR}/../migrate/DryRun.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../migrate/DryRun.h
  ${CMAKE_CURRENT_LIST_DIR}/../migrate/DryRunReport.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../migrate/DryRunReport.h
)
