# Fails unless every symbol LIBRARY needs from outside itself is on the
# allowlist below: the library promises no allocation, no I/O, no errno, so
# it may only call pure memory/string primitives (plus what compilers and
# sanitizers insert).
#   cmake -DNM=<nm> -DLIBRARY=<archive or object> -P library_purity.cmake
if(NOT NM OR NOT LIBRARY)
  message(FATAL_ERROR "usage: cmake -DNM=<nm> -DLIBRARY=<file> -P library_purity.cmake")
endif()

execute_process(COMMAND ${NM} ${LIBRARY}
  OUTPUT_VARIABLE listing ERROR_VARIABLE errors RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} ${LIBRARY} failed (${rc}): ${errors}")
endif()

# Symbols one object of the archive takes from another are not outside needs.
string(REPLACE "\n" ";" lines "${listing}")
set(defined "")
set(undefined "")
foreach(line IN LISTS lines)
  if(line MATCHES "^[ \t]*[Uw][ \t]+([^ \t@]+)")
    list(APPEND undefined "${CMAKE_MATCH_1}")
  elseif(line MATCHES "^[0-9a-fA-F]+[ \t]+[A-Za-z][ \t]+([^ \t@]+)")
    list(APPEND defined "${CMAKE_MATCH_1}")
  endif()
endforeach()
if(undefined)
  list(REMOVE_DUPLICATES undefined)
endif()

set(pure_libc "memcpy|memmove|memset|memcmp|memchr|strlen|strnlen|strcmp|strncmp")
set(fortified "__(memcpy|memmove|memset)_chk")
set(compiler_support "__stack_chk_fail|__stack_chk_guard|_GLOBAL_OFFSET_TABLE_|__x86\\.get_pc_thunk\\..*")
set(instrumentation "__(asan|ubsan|sanitizer|msan|tsan|lsan|sancov|gcov|llvm_gcov|llvm_gcda|llvm_profile|afl)_?.*")
set(allowed "^(${pure_libc}|${fortified}|${compiler_support}|${instrumentation})$")

set(external "")
set(forbidden "")
foreach(symbol IN LISTS undefined)
  list(FIND defined "${symbol}" inside)
  if(inside EQUAL -1)
    list(APPEND external "${symbol}")
    if(NOT symbol MATCHES "${allowed}")
      list(APPEND forbidden "${symbol}")
    endif()
  endif()
endforeach()

if(forbidden)
  string(REPLACE ";" ", " forbidden "${forbidden}")
  message(FATAL_ERROR "${LIBRARY} needs symbols outside the pure allowlist: ${forbidden}")
endif()
string(REPLACE ";" ", " external "${external}")
message(STATUS "${LIBRARY} needs only: ${external}")
