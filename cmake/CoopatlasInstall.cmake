include(CMakePackageConfigHelpers)

install(TARGETS coopatlas EXPORT coopatlasTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/coopatlas DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/include/coopatlas/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/coopatlas)
install(DIRECTORY shapefiles/ DESTINATION ${CMAKE_INSTALL_DATADIR}/coopatlas
        PATTERN "derive" EXCLUDE)

set(COOPATLAS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/coopatlas)
install(EXPORT coopatlasTargets NAMESPACE coopatlas:: DESTINATION ${COOPATLAS_CMAKE_DIR})
configure_package_config_file(cmake/coopatlasConfig.cmake.in
  ${PROJECT_BINARY_DIR}/coopatlasConfig.cmake INSTALL_DESTINATION ${COOPATLAS_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/coopatlasConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/coopatlasConfig.cmake
              ${PROJECT_BINARY_DIR}/coopatlasConfigVersion.cmake
        DESTINATION ${COOPATLAS_CMAKE_DIR})
