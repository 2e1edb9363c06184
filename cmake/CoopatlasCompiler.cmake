# Compiler settings shared by every target, carried by an INTERFACE target so
# that they never leak into the exported package.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
endif()

set(CMAKE_CXX_VISIBILITY_PRESET hidden)
set(CMAKE_VISIBILITY_INLINES_HIDDEN ON)

add_library(coopatlas_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(coopatlas_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
  if(COOPATLAS_WARNINGS_AS_ERRORS)
    target_compile_options(coopatlas_warnings INTERFACE -Werror)
    # Flow-sensitive warnings that GCC 12 raises on inlined libstdc++ code at -O3
    # (std::string operator+, vector growth: GCC bugs 105329, 105651) stay warnings.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      target_compile_options(coopatlas_warnings INTERFACE
        -Wno-error=restrict -Wno-error=null-dereference -Wno-error=array-bounds -Wno-error=stringop-overflow)
    endif()
  endif()
endif()

if(COOPATLAS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "COOPATLAS_FUZZ needs clang (libFuzzer), not ${CMAKE_CXX_COMPILER_ID}: "
                        "configure with -DCMAKE_CXX_COMPILER=clang++-14, as scripts/fuzz.sh does")
  endif()
  if(COOPATLAS_SANITIZE)
    message(FATAL_ERROR "COOPATLAS_FUZZ brings its own sanitizers: leave COOPATLAS_SANITIZE empty")
  endif()
  # Every object file is instrumented for coverage; only the fuzz targets link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

if(COOPATLAS_SANITIZE)
  add_compile_options(-fsanitize=${COOPATLAS_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${COOPATLAS_SANITIZE})
endif()
