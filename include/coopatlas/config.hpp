#pragma once
/// \file
/// \brief Symbol visibility for the coopatlas shared library.

#if defined(_WIN32)
#  if defined(COOPATLAS_BUILDING)
#    define COOPATLAS_API __declspec(dllexport)
#  else
#    define COOPATLAS_API __declspec(dllimport)
#  endif
#else
#  define COOPATLAS_API __attribute__((visibility("default")))
#endif
