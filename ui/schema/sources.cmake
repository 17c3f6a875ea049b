target_sources(sluice_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/SchemaTreeModel.cpp ${CMAKE_CURRENT_LIST_DIR}/SchemaTreeModel.h
  ${CMAKE_CURRENT_LIST_DIR}/DdlView.cpp ${CMAKE_CURRENT_LIST_DIR}/DdlView.h
)
