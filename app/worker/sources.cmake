target_sources(sluice_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/DbWorker.cpp
  ${CMAKE_CURRENT_LIST_DIR}/DbWorker.h
)
