target_sources(sluice_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/StatementSplitter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/StatementSplitter.h
)
