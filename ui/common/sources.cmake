target_sources(sluice_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/QsciHeaders.h
  ${CMAKE_CURRENT_LIST_DIR}/SqliteLexer.cpp ${CMAKE_CURRENT_LIST_DIR}/SqliteLexer.h
  ${CMAKE_CURRENT_LIST_DIR}/SqlTextEdit.cpp ${CMAKE_CURRENT_LIST_DIR}/SqlTextEdit.h
)
