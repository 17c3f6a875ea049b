target_sources(sluice_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/Schema.cpp
  ${CMAKE_CURRENT_LIST_DIR}/Schema.h
  ${CMAKE_CURRENT_LIST_DIR}/SqlTokenizer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SqlTokenizer.h
  ${CMAKE_CURRENT_LIST_DIR}/CreateStatementParser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/CreateStatementParser.h
  ${CMAKE_CURRENT_LIST_DIR}/SchemaReader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SchemaReader.h
  ${CMAKE_CURRENT_LIST_DIR}/SchemaJson.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SchemaJson.h
)
