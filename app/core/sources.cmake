target_sources(sluice_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/DbError.cpp
  ${CMAKE_CURRENT_LIST_DIR}/DbError.h
  ${CMAKE_CURRENT_LIST_DIR}/Result.h
  ${CMAKE_CURRENT_LIST_DIR}/Identifiers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/Identifiers.h
  ${CMAKE_CURRENT_LIST_DIR}/Connection.cpp
  ${CMAKE_CURRENT_LIST_DIR}/Connection.h
)
