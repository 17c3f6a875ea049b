target_sources(sluice_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/BackupService.h
  ${CMAKE_CURRENT_LIST_DIR}/BackupService.cpp
)
