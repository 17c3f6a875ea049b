target_sources(sluice_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/StatementResult.h
  ${CMAKE_CURRENT_LIST_DIR}/ScriptRunner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ScriptRunner.h
  ${CMAKE_CURRENT_LIST_DIR}/QueryPlan.cpp
  ${CMAKE_CURRENT_LIST_DIR}/QueryPlan.h
  ${CMAKE_CURRENT_LIST_DIR}/SqlCompletions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SqlCompletions.h
  ${CMAKE_CURRENT_LIST_DIR}/StatementAtCursor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/StatementAtCursor.h
)
