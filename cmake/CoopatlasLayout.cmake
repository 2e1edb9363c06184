# Where the installed pieces sit relative to one another, so that an installed tree can
# be moved to another prefix as a whole (the same scheme as PROJ and GEOS: RPATH from
# $ORIGIN, pkg-config prefix from ${pcfiledir}, data found from the library's own folder).
# Also the version and SONAME policy, which the package version file follows.

# coopatlas_relative_path(<out> <from> <to>): path from install folder <from> to install
# folder <to>, both relative to the prefix. An absolute CMAKE_INSTALL_<dir> cannot move
# with the prefix: the result is then <to> as an absolute path.
function(coopatlas_relative_path out from to)
  cmake_path(ABSOLUTE_PATH from BASE_DIRECTORY "${CMAKE_INSTALL_PREFIX}" NORMALIZE OUTPUT_VARIABLE from_abs)
  cmake_path(ABSOLUTE_PATH to BASE_DIRECTORY "${CMAKE_INSTALL_PREFIX}" NORMALIZE OUTPUT_VARIABLE to_abs)
  cmake_path(IS_ABSOLUTE from from_is_abs)
  cmake_path(IS_ABSOLUTE to to_is_abs)
  if(from_is_abs OR to_is_abs)
    set(${out} "${to_abs}" PARENT_SCOPE)
  else()
    file(RELATIVE_PATH rel "/${from}" "/${to}")
    string(REGEX REPLACE "/+$" "" rel "${rel}")
    if(rel STREQUAL "")
      set(rel ".")
    endif()
    set(${out} "${rel}" PARENT_SCOPE)
  endif()
endfunction()

set(COOPATLAS_INSTALL_DATADIR "${CMAKE_INSTALL_DATADIR}/coopatlas")
coopatlas_relative_path(COOPATLAS_BIN_TO_LIB "${CMAKE_INSTALL_BINDIR}" "${CMAKE_INSTALL_LIBDIR}")
coopatlas_relative_path(COOPATLAS_LIB_TO_DATA "${CMAKE_INSTALL_LIBDIR}" "${COOPATLAS_INSTALL_DATADIR}")
coopatlas_relative_path(COOPATLAS_BIN_TO_DATA "${CMAKE_INSTALL_BINDIR}" "${COOPATLAS_INSTALL_DATADIR}")
coopatlas_relative_path(COOPATLAS_PKGCONFIG_TO_PREFIX "${CMAKE_INSTALL_LIBDIR}/pkgconfig" ".")

# Installed executables find libcoopatlas next to them, wherever the prefix is; the build
# tree keeps CMake's absolute build RPATH.
if(APPLE)
  set(COOPATLAS_INSTALL_RPATH "@loader_path/${COOPATLAS_BIN_TO_LIB}")
else()
  set(COOPATLAS_INSTALL_RPATH "$ORIGIN/${COOPATLAS_BIN_TO_LIB}")
endif()
cmake_path(IS_ABSOLUTE COOPATLAS_BIN_TO_LIB bin_to_lib_is_abs)
if(bin_to_lib_is_abs)
  set(COOPATLAS_INSTALL_RPATH "${COOPATLAS_BIN_TO_LIB}")
endif()

# coopatlas_install_rpath(<target>...): give installed executables the relative RPATH.
function(coopatlas_install_rpath)
  set_target_properties(${ARGN} PROPERTIES INSTALL_RPATH "${COOPATLAS_INSTALL_RPATH}")
endfunction()

# Version and SONAME policy. Before 1.0 every minor release may break the ABI and the
# API: the SONAME carries MAJOR.MINOR (libcoopatlas.so.0.1) and find_package accepts only
# the same MAJOR.MINOR. From 1.0 on, only a major release may break them: the SONAME
# carries MAJOR (libcoopatlas.so.1) and find_package accepts any later release of the
# same MAJOR. Patch releases never change the ABI.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(COOPATLAS_SOVERSION "${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}")
  set(COOPATLAS_VERSION_COMPATIBILITY SameMinorVersion)
else()
  set(COOPATLAS_SOVERSION "${PROJECT_VERSION_MAJOR}")
  set(COOPATLAS_VERSION_COMPATIBILITY SameMajorVersion)
endif()
