target_sources(sluice_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/MigrationStateStyle.cpp ${CMAKE_CURRENT_LIST_DIR}/MigrationStateStyle.h
  ${CMAKE_CURRENT_LIST_DIR}/MigrationStatusModel.cpp ${CMAKE_CURRENT_LIST_DIR}/MigrationStatusModel.h
  ${CMAKE_CURRENT_LIST_DIR}/MigrationSqlView.cpp ${CMAKE_CURRENT_LIST_DIR}/MigrationSqlView.h
  ${CMAKE_CURRENT_LIST_DIR}/SchemaDiffView.cpp ${CMAKE_CURRENT_LIST_DIR}/SchemaDiffView.h
  ${CMAKE_CURRENT_LIST_DIR}/DataImpactView.cpp ${CMAKE_CURRENT_LIST_DIR}/DataImpactView.h
  ${CMAKE_CURRENT_LIST_DIR}/DatabaseRestore.cpp ${CMAKE_CURRENT_LIST_DIR}/DatabaseRestore.h
  ${CMAKE_CURRENT_LIST_DIR}/ApplyDialog.cpp ${CMAKE_CURRENT_LIST_DIR}/ApplyDialog.h
  ${CMAKE_CURRENT_LIST_DIR}/DoctorView.cpp ${CMAKE_CURRENT_LIST_DIR}/DoctorView.h
  ${CMAKE_CURRENT_LIST_DIR}/MigrationsPanel.cpp ${CMAKE_CURRENT_LIST_DIR}/MigrationsPanel.h
)
