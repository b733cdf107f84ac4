# Fails, naming them, when functions that the public header exports
# (declared with MIBTCP_API) are called from no .c file under fuzz/: every entry
# point, including ones added later, needs a harness. The same holds for
# every function declared in TOOL_HEADERS (the headers of the CLI sources
# that fuzz/*.sources name), so a parser that is fuzzed stays fully fuzzed.
#   cmake "-DHEADER=lib/include/mibtcp.h;lib/include/mibtcp_fast.h" -DFUZZ_DIR=fuzz [-DTOOL_HEADERS=a.h;b.h] -P fuzz/checks/check_api_coverage.cmake
set(header "")
foreach(one_header ${HEADER}) # the public header and the opt-in fast header
  file(READ "${one_header}" text)
  string(APPEND header "${text}")
endforeach()
string(REGEX MATCHALL "MIBTCP_API[^;(]*[ *]mibtcp_[a-z0-9_]+\\(" declarations "${header}")
set(functions "")
foreach(declaration ${declarations})
  string(REGEX REPLACE ".*[ *](mibtcp_[a-z0-9_]+)\\($" "\\1" name "${declaration}")
  list(APPEND functions ${name})
endforeach()
foreach(tool_header ${TOOL_HEADERS})
  file(READ "${tool_header}" text)
  string(REGEX REPLACE "/\\*([^*]|\\*+[^*/])*\\*+/" " " text "${text}")
  string(REGEX REPLACE "//[^\n]*" " " text "${text}")
  # A declaration starts a line with its return type: "bool hex_text_decode(".
  string(REGEX MATCHALL "\n[a-z][a-z0-9_ ]*[ *]+[a-z_][a-z0-9_]*\\(" declarations "\n${text}")
  foreach(declaration ${declarations})
    string(REGEX REPLACE ".*[ *]([a-z_][a-z0-9_]*)\\($" "\\1" name "${declaration}")
    list(APPEND functions ${name})
  endforeach()
endforeach()
list(REMOVE_DUPLICATES functions)
list(LENGTH functions function_count)
if(function_count EQUAL 0)
  message(FATAL_ERROR "no MIBTCP_API function found in ${HEADER}")
endif()

# Code only: a name in a comment is not a call.
file(GLOB_RECURSE sources "${FUZZ_DIR}/*.c")
set(code "")
foreach(source ${sources})
  file(READ "${source}" text)
  string(REGEX REPLACE "/\\*([^*]|\\*+[^*/])*\\*+/" " " text "${text}")
  string(REGEX REPLACE "//[^\n]*" " " text "${text}")
  string(APPEND code "\n${text}")
endforeach()

set(missing "")
foreach(name ${functions})
  # A call, or the function passed as a pointer to code that calls it.
  if(NOT code MATCHES "[^a-z0-9_]${name}[ \t\n]*[(,)]")
    list(APPEND missing ${name})
  endif()
endforeach()
if(missing)
  string(REPLACE ";" " " missing "${missing}")
  message(FATAL_ERROR "not called by any fuzz harness: ${missing}")
endif()
message(STATUS "all ${function_count} MIBTCP_API and tool functions are called from the sources under ${FUZZ_DIR}")
