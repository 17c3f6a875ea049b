target_sources(sluice_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/QueryResultModel.cpp ${CMAKE_CURRENT_LIST_DIR}/QueryResultModel.h
  ${CMAKE_CURRENT_LIST_DIR}/QueryPlanView.cpp ${CMAKE_CURRENT_LIST_DIR}/QueryPlanView.h
  ${CMAKE_CURRENT_LIST_DIR}/SqlEditorTab.cpp ${CMAKE_CURRENT_LIST_DIR}/SqlEditorTab.h
)
