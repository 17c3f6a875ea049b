target_sources(sluice_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/Plan.h
  ${CMAKE_CURRENT_LIST_DIR}/MigrationSource.h
  ${CMAKE_CURRENT_LIST_DIR}/SqlStatementKind.h
  ${CMAKE_CURRENT_LIST_DIR}/SqlStatementKind.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PlanRunner.h
  ${CMAKE_CURRENT_LIST_DIR}/PlanRunner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/DrizzlePlanner.h
  ${CMAKE_CURRENT_LIST_DIR}/DrizzlePlanner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/JournalFolder.h
  ${CMAKE_CURRENT_LIST_DIR}/JournalFolder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/MigrationLint.cpp
  ${CMAKE_CURRENT_LIST_DIR}/MigrationLint.h
  ${CMAKE_CURRENT_LIST_DIR}/DryRun.cpp
  ${CMAKE_CURRENT_LIST_DIR}/DryRun.h
  ${CMAKE_CURRENT_LIST_DIR}/DryRunReport.cpp
  ${CMAKE_CURRENT_LIST_DIR}/DryRunReport.h
)
