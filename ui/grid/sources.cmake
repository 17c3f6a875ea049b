target_sources(sluice_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/CellFormatter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/CellFormatter.h
  ${CMAKE_CURRENT_LIST_DIR}/TableGridModel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/TableGridModel.h
  ${CMAKE_CURRENT_LIST_DIR}/FilterBar.cpp
  ${CMAKE_CURRENT_LIST_DIR}/FilterBar.h
  ${CMAKE_CURRENT_LIST_DIR}/BlobPreview.cpp
  ${CMAKE_CURRENT_LIST_DIR}/BlobPreview.h
  ${CMAKE_CURRENT_LIST_DIR}/CellDetailPanel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/CellDetailPanel.h
  ${CMAKE_CURRENT_LIST_DIR}/TableGridView.cpp
  ${CMAKE_CURRENT_LIST_DIR}/TableGridView.h
)
