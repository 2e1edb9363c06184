# The installed package: library, headers, embedded atlas, CMake package files and a
# pkg-config file. Every installed file refers to the others by relative paths, so the
# prefix can be copied or moved as a whole (see CoopatlasLayout.cmake).
include(CMakePackageConfigHelpers)

install(TARGETS coopatlas EXPORT coopatlasTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# the GDAL module, beside the library that loads it (lib/io/gdal_module.hpp)
if(TARGET coopatlas_gdal)
  install(TARGETS coopatlas_gdal LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
endif()
install(DIRECTORY include/coopatlas DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/include/coopatlas/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/coopatlas)

# The embedded atlas: atlas.yaml, the files it names, README.md (sources and licences),
# SCHEMA.md and the default map specs in maps/. The derivation scripts stay in the source.
install(DIRECTORY shapefiles/ DESTINATION ${COOPATLAS_INSTALL_DATADIR}
        PATTERN "derive" EXCLUDE
        PATTERN "world_places_*.csv" EXCLUDE)  # optional data packs built by derive/world.sh

# CMake package. A shared libcoopatlas keeps GDAL, GEOS, PROJ, Boost, yaml-cpp, Cairo,
# Pango and utf8proc behind its ABI (no public header includes them): the consumer needs
# none of them.
# A static libcoopatlas brings them all to the consumer's link line.
get_target_property(coopatlas_type coopatlas TYPE)
if(coopatlas_type STREQUAL "STATIC_LIBRARY")
  set(COOPATLAS_STATIC ON)
else()
  set(COOPATLAS_STATIC OFF)
endif()
set(COOPATLAS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/coopatlas)
install(EXPORT coopatlasTargets NAMESPACE coopatlas:: DESTINATION ${COOPATLAS_CMAKE_DIR})
configure_package_config_file(cmake/coopatlasConfig.cmake.in
  ${PROJECT_BINARY_DIR}/coopatlasConfig.cmake INSTALL_DESTINATION ${COOPATLAS_CMAKE_DIR}
  PATH_VARS COOPATLAS_INSTALL_DATADIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/coopatlasConfigVersion.cmake
  COMPATIBILITY ${COOPATLAS_VERSION_COMPATIBILITY})
install(FILES ${PROJECT_BINARY_DIR}/coopatlasConfig.cmake
              ${PROJECT_BINARY_DIR}/coopatlasConfigVersion.cmake
        DESTINATION ${COOPATLAS_CMAKE_DIR})

# pkg-config file: the prefix comes from ${pcfiledir}. A shared libcoopatlas lists its
# dependencies as private (for `pkg-config --static`): a shared link needs only -lcoopatlas.
# A static libcoopatlas always needs them on the link line, so they are public there.
function(coopatlas_pc_path out dir)
  cmake_path(IS_ABSOLUTE dir is_abs)
  if(is_abs)
    set(${out} "${dir}" PARENT_SCOPE)
  else()
    set(${out} "\${prefix}/${dir}" PARENT_SCOPE)
  endif()
endfunction()
cmake_path(IS_ABSOLUTE COOPATLAS_PKGCONFIG_TO_PREFIX pc_prefix_is_abs)
if(pc_prefix_is_abs)
  set(COOPATLAS_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  set(COOPATLAS_PC_PREFIX "\${pcfiledir}/${COOPATLAS_PKGCONFIG_TO_PREFIX}")
endif()
coopatlas_pc_path(COOPATLAS_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
coopatlas_pc_path(COOPATLAS_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
coopatlas_pc_path(COOPATLAS_PC_DATADIR "${COOPATLAS_INSTALL_DATADIR}")
set(coopatlas_pc_requires
    "gdal, geos >= 3.10, proj, yaml-cpp, cairo >= 1.16, pangocairo >= 1.44, fontconfig >= 2.13, libutf8proc >= 2.5, libdeflate >= 1.7")
set(coopatlas_pc_libs "")
foreach(lib IN LISTS CMAKE_DL_LIBS)
  string(APPEND coopatlas_pc_libs " -l${lib}")
endforeach()
string(STRIP "${coopatlas_pc_libs}" coopatlas_pc_libs)
if(COOPATLAS_STATIC)
  set(COOPATLAS_PC_REQUIRES "${coopatlas_pc_requires}")
  set(COOPATLAS_PC_LIBS " ${coopatlas_pc_libs}")
  set(COOPATLAS_PC_REQUIRES_PRIVATE "")
  set(COOPATLAS_PC_LIBS_PRIVATE "")
else()
  set(COOPATLAS_PC_REQUIRES "")
  set(COOPATLAS_PC_LIBS "")
  set(COOPATLAS_PC_REQUIRES_PRIVATE "${coopatlas_pc_requires}")
  set(COOPATLAS_PC_LIBS_PRIVATE "${coopatlas_pc_libs}")
endif()
configure_file(cmake/coopatlas.pc.in ${PROJECT_BINARY_DIR}/coopatlas.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/coopatlas.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
