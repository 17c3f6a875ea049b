target_sources(sluice_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/UiApplication.cpp ${CMAKE_CURRENT_LIST_DIR}/UiApplication.h
  ${CMAKE_CURRENT_LIST_DIR}/DatabaseSession.cpp ${CMAKE_CURRENT_LIST_DIR}/DatabaseSession.h
  ${CMAKE_CURRENT_LIST_DIR}/MainWindow.cpp ${CMAKE_CURRENT_LIST_DIR}/MainWindow.h
  ${CMAKE_CURRENT_LIST_DIR}/MessageBar.cpp ${CMAKE_CURRENT_LIST_DIR}/MessageBar.h
  ${CMAKE_CURRENT_LIST_DIR}/RecentFiles.cpp ${CMAKE_CURRENT_LIST_DIR}/RecentFiles.h
  ${CMAKE_CURRENT_LIST_DIR}/WelcomePage.cpp ${CMAKE_CURRENT_LIST_DIR}/WelcomePage.h
  ${CMAKE_CURRENT_LIST_DIR}/DatabaseWorkspace.cpp ${CMAKE_CURRENT_LIST_DIR}/DatabaseWorkspace.h
)
