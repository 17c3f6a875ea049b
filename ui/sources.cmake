target_sources(sluice_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/UiApplication.cpp ${CMAKE_CURRENT_LIST_DIR}/UiApplication.h
  ${CMAKE_CURRENT_LIST_DIR}/DatabaseSession.cpp ${CMAKE_CURRENT_LIST_DIR}/DatabaseSession.h
  ${CMAKE_CURRENT_LIST_DIR}/MainWindow.cpp ${CMAKE_CURRENT_LIST_DIR}/MainWindow.h
)
