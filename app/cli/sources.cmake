target_sources(sluice_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/Cli.cpp
  ${CMAKE_CURRENT_LIST_DIR}/Cli.h
  ${CMAKE_CURRENT_LIST_DIR}/CliVerbs.h
  ${CMAKE_CURRENT_LIST_DIR}/VerbArguments.cpp
  ${CMAKE_CURRENT_LIST_DIR}/TablesVerb.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SchemaVerb.cpp
  ${CMAKE_CURRENT_LIST_DIR}/InfoVerb.cpp
  ${CMAKE_CURRENT_LIST_DIR}/StatusVerb.cpp
  ${CMAKE_CURRENT_LIST_DIR}/DoctorVerb.cpp
  ${CMAKE_CURRENT_LIST_DIR}/MigrateVerb.cpp
)
