target_sources(sluice_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/Plan.h
  ${CMAKE_CURRENT_LIST_DIR}/MigrationSource.h
)
