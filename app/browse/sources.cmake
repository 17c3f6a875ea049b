target_sources(sluice_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/BrowseTypes.h
  ${CMAKE_CURRENT_LIST_DIR}/CellValue.cpp
  ${CMAKE_CURRENT_LIST_DIR}/CellValue.h
  ${CMAKE_CURRENT_LIST_DIR}/RowSource.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RowSource.h
  ${CMAKE_CURRENT_LIST_DIR}/RowQueryBuilder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RowQueryBuilder.h
  ${CMAKE_CURRENT_LIST_DIR}/KeysetPager.cpp
  ${CMAKE_CURRENT_LIST_DIR}/KeysetPager.h
  ${CMAKE_CURRENT_LIST_DIR}/PositionIndex.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PositionIndex.h
  ${CMAKE_CURRENT_LIST_DIR}/RowCount.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RowCount.h
  ${CMAKE_CURRENT_LIST_DIR}/CellFetcher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/CellFetcher.h
)
