# Installs the built tree into a scratch prefix, moves that prefix elsewhere (so that no
# absolute path to it, to the build tree or to the source tree can serve), then, from the
# moved prefix alone and in a minimal environment:
#   - runs `coopatlas --version`, `coopatlas info` (the data folder must be the moved
#     prefix's share/coopatlas) and renders the first default map to a PNG;
#   - configures, builds and runs a CMake project that only knows find_package(coopatlas);
#   - compiles a program with `pkg-config --cflags --libs coopatlas` and runs it.
# Variables: SOURCE_DIR BUILD_DIR WORK_DIR CONSUMER_DIR PKGCONFIG_CONSUMER GENERATOR CXX
# VERSION BINDIR LIBDIR DATADIR CONSUMER_FLAGS (the sanitizer flags of the build, if any).
cmake_minimum_required(VERSION 3.20)

function(check condition_text)
  if(NOT (${ARGN}))
    message(FATAL_ERROR "install test: ${condition_text}")
  endif()
endfunction()

# run(<name> <command>...): runs the command from WORK_DIR with only PATH (and the
# sanitizer options of the calling environment), prints its output and fails on a
# non-zero exit status. Sets <name>_out.
set(minimal_env env -i PATH=/usr/bin:/bin)
foreach(var IN ITEMS ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS)
  if(DEFINED ENV{${var}})
    list(APPEND minimal_env "${var}=$ENV{${var}}")
  endif()
endforeach()
function(run name)
  execute_process(COMMAND ${minimal_env} ${ARGN} WORKING_DIRECTORY ${WORK_DIR}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  list(JOIN ARGN " " command)
  message(STATUS "$ ${command}\n${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "install test: '${command}' exited with ${rc}")
  endif()
  set(${name}_out "${out}" PARENT_SCOPE)
endfunction()

function(step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "install test: ${what} failed (${rc})")
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

# install, then move: copy the prefix and delete the original
set(first ${WORK_DIR}/prefix)
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${first}
                RESULT_VARIABLE rc OUTPUT_QUIET)
check("install failed: ${rc}" rc EQUAL 0)
file(COPY ${first}/ DESTINATION ${WORK_DIR}/moved/opt/coopatlas)
file(REMOVE_RECURSE ${first})
file(REAL_PATH ${WORK_DIR}/moved/opt/coopatlas prefix)
set(data ${prefix}/${DATADIR}/coopatlas)
set(tool ${prefix}/${BINDIR}/coopatlas)

# the executable finds the library through a relative RPATH
file(READ_ELF ${tool} RUNPATH runpath RPATH rpath)
message(STATUS "coopatlas RUNPATH '${runpath}' RPATH '${rpath}'")
string(FIND "${runpath}${rpath}" "$ORIGIN/" at)
check("the installed coopatlas has no \$ORIGIN RPATH" at EQUAL 0)
string(FIND "${runpath}${rpath}" "${BUILD_DIR}" in_build)
check("the installed coopatlas keeps the build tree in its RPATH" in_build EQUAL -1)

# the command-line tool, from the moved prefix
run(version ${tool} --version)
string(FIND "${version_out}" "coopatlas ${VERSION}\n" at)
check("--version does not print ${VERSION}" at EQUAL 0)
run(info ${tool} info)
string(FIND "${info_out}" "manifest: ${data}/atlas.yaml\n" at)
check("`coopatlas info` does not read the atlas of the moved prefix (${data})" NOT at EQUAL -1)
string(FIND "${info_out}" "${SOURCE_DIR}/shapefiles" at)
check("`coopatlas info` names the source tree's atlas" at EQUAL -1)
string(REGEX MATCH "\npartnerships: [1-9]" partnerships "${info_out}")
check("`coopatlas info` loaded no partnership" partnerships)
file(GLOB first_map ${data}/maps/01_*.yaml)
list(LENGTH first_map n)
check("expected one ${data}/maps/01_*.yaml, found ${n}" n EQUAL 1)
run(render ${tool} render ${first_map} -o ${WORK_DIR}/map.png)
check("render wrote no ${WORK_DIR}/map.png" EXISTS ${WORK_DIR}/map.png)
file(READ ${WORK_DIR}/map.png png_magic LIMIT 8 HEX)
check("${WORK_DIR}/map.png is not a PNG (${png_magic})" png_magic STREQUAL "89504e470d0a1a0a")

# a static libcoopatlas is linked into each consumer, which then finds no data beside
# itself: the consumers are given the package's data folder
if(EXISTS ${prefix}/${LIBDIR}/libcoopatlas.a)
  set(static ON)
  set(consumer_env COOPATLAS_DATA=${data})
else()
  set(static OFF)
  set(consumer_env "")
endif()

# a CMake project: find_package(coopatlas)
step("consumer configure"
  ${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/cmake-consumer -G ${GENERATOR}
  -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release
  "-DCMAKE_CXX_FLAGS=${CONSUMER_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${CONSUMER_FLAGS}")
step("consumer build" ${CMAKE_COMMAND} --build ${WORK_DIR}/cmake-consumer)
run(cmake_consumer ${consumer_env} ${WORK_DIR}/cmake-consumer/consumer ${data}/atlas.yaml)
string(FIND "${cmake_consumer_out}" "Fès" at)
check("the CMake consumer did not resolve Fès" NOT at EQUAL -1)

# a program built with pkg-config alone
set(pkg_config ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${prefix}/${LIBDIR}/pkgconfig pkg-config)
execute_process(COMMAND ${pkg_config} --cflags --libs coopatlas
                RESULT_VARIABLE rc OUTPUT_VARIABLE pc_flags ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
check("pkg-config --cflags --libs coopatlas failed: ${err}" rc EQUAL 0)
execute_process(COMMAND ${pkg_config} --variable=libdir coopatlas
                OUTPUT_VARIABLE pc_libdir OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${pkg_config} --modversion coopatlas
                OUTPUT_VARIABLE pc_version OUTPUT_STRIP_TRAILING_WHITESPACE)
message(STATUS "pkg-config: coopatlas ${pc_version}: ${pc_flags} (libdir ${pc_libdir})")
check("pkg-config reports version '${pc_version}', not ${VERSION}" pc_version STREQUAL VERSION)
file(REAL_PATH ${pc_libdir} pc_libdir_real)
check("pkg-config libdir ${pc_libdir} is not ${prefix}/${LIBDIR}" pc_libdir_real STREQUAL "${prefix}/${LIBDIR}")
separate_arguments(pc_flags UNIX_COMMAND "${pc_flags}")
separate_arguments(sanitizer_flags UNIX_COMMAND "${CONSUMER_FLAGS}")
step("pkg-config consumer build"
  ${CXX} -std=c++20 ${sanitizer_flags} ${PKGCONFIG_CONSUMER} -o ${WORK_DIR}/pkgconfig-consumer
  ${pc_flags} -Wl,-rpath,${pc_libdir})
run(pc_consumer ${consumer_env} ${WORK_DIR}/pkgconfig-consumer)
string(FIND "${pc_consumer_out}" "coopatlas ${VERSION}\n" at)
check("the pkg-config consumer does not print ${VERSION}" at EQUAL 0)
if(NOT static)
  string(FIND "${pc_consumer_out}" "data: ${data}\n" at)
  check("the pkg-config consumer does not find the data of the moved prefix (${data})" NOT at EQUAL -1)
endif()
