# Installs the build into a fresh prefix, then builds examples/ as a project of its own against
# it with find_package(ccsim), runs every example and imports the installed Python module; last,
# configures a project that adds ccsim with add_subdirectory. Run by ctest:
#   cmake -DBUILD_DIR=… -DSOURCE_DIR=… -DWORK_DIR=… [-DLAUNCHER=ccache] [-DCOMPILER=g++]
#         [-DPYTHON=/usr/bin/python3 -DPYTHON_DIR=lib/python3.11/dist-packages]
#         -P tests/install_consumer.cmake
cmake_minimum_required(VERSION 3.25)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${ARGN}\nexited with ${status}\n${out}\n${err}")
  endif()
  set(output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(file lib/cmake/ccsim/ccsimConfig.cmake lib/cmake/ccsim/ccsimConfigVersion.cmake
             include/ccsim/version.hpp include/ccsim/scenario/scenario.hpp bin/ccsim)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "expected ${file} in the installed prefix, got none")
  endif()
endforeach()

# The public headers are the library's API, not its internals: none includes Boost (the library
# uses it privately, and the package does not ask its users for it).
file(GLOB_RECURSE installed_headers ${prefix}/include/ccsim/*.hpp)
foreach(header IN LISTS installed_headers)
  file(STRINGS ${header} boost_includes REGEX "#include <boost/")
  if(boost_includes)
    message(FATAL_ERROR "expected no Boost in the public headers, got ${boost_includes} in ${header}")
  endif()
endforeach()

# Nothing of the source or build tree may be reachable: only the prefix.
set(configure ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples -B ${WORK_DIR}/build
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
if(COMPILER)
  list(APPEND configure -DCMAKE_CXX_COMPILER=${COMPILER})
endif()
if(LAUNCHER)
  list(APPEND configure -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
run(${configure})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build -j 2)

run(${WORK_DIR}/build/ccsim_example_run_scenario ${SOURCE_DIR}/scenarios/erlang-a.json 2)
if(NOT output MATCHES "abandon_rate +0\\.[0-9]+  \\[" OR NOT output MATCHES "\"schema_version\": 1")
  message(FATAL_ERROR "run_scenario: expected three metrics and the results JSON, got\n${output}")
endif()
run(${WORK_DIR}/build/ccsim_example_erlang_staffing)
if(NOT output MATCHES "fewest agents meeting service_level>=0\\.8 and abandon_rate<=0\\.02: [0-9]+")
  message(FATAL_ERROR "erlang_staffing: expected the fewest agents, got\n${output}")
endif()
run(${WORK_DIR}/build/ccsim_example_compare_staffing)
if(NOT output MATCHES "abandon_rate +0\\.[0-9]+ -> 0\\.[0-9]+, difference -")
  message(FATAL_ERROR "compare_staffing: expected abandonment to fall with more agents, got\n${output}")
endif()
if(PYTHON)
  # The installed module, from the prefix alone.
  set(ENV{PYTHONPATH} ${prefix}/${PYTHON_DIR})
  file(WRITE ${WORK_DIR}/import.py
       "import ccsim\nprint(ccsim.__file__, ccsim.erlang(2880, 60, agents=50)['model'])\n")
  run(${PYTHON} ${WORK_DIR}/import.py)
  if(NOT output MATCHES "^${prefix}/.*/ccsim/__init__.py erlang_c")
    message(FATAL_ERROR "expected the installed Python module, got\n${output}")
  endif()
endif()
# A project that adds the source tree with add_subdirectory gets ccsim::core alone: it configures
# without CLI11, Catch2, Google Benchmark or pybind11 (configured only: building it again
# would take minutes).
file(WRITE ${WORK_DIR}/subdirectory/CMakeLists.txt "cmake_minimum_required(VERSION 3.25)
project(uses_ccsim LANGUAGES CXX)
add_subdirectory(${SOURCE_DIR} ccsim)
add_executable(erlang_staffing ${SOURCE_DIR}/examples/erlang_staffing.cpp)
target_link_libraries(erlang_staffing PRIVATE ccsim::core)
if(TARGET ccsim OR TARGET ccsim_tests OR TARGET ccsim_python)
  message(FATAL_ERROR \"expected ccsim::core alone, got more targets\")
endif()
")
run(${CMAKE_COMMAND} -S ${WORK_DIR}/subdirectory -B ${WORK_DIR}/subdirectory/build
    -DCMAKE_DISABLE_FIND_PACKAGE_CLI11=ON -DCMAKE_DISABLE_FIND_PACKAGE_Catch2=ON
    -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON -DCMAKE_DISABLE_FIND_PACKAGE_pybind11=ON)
message(STATUS "installed into ${prefix}; examples built and run; add_subdirectory configures")
