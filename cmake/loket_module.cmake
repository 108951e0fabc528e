# Module headers without a shared include root: each module's headers are linked into an include
# directory of its own (build/include/TARGET/FOLDER/*.h), which only the module and the targets
# that link it see. A file can include only the modules its target links; a sub-folder that is a
# module of its own is not part of its parent's headers. .ci/check-includes adds the finer rules.
function(loket_module_headers target folder)
  set(root ${CMAKE_BINARY_DIR}/include/${target})
  file(REMOVE_RECURSE ${root})
  file(MAKE_DIRECTORY ${root}/${folder})
  file(GLOB headers CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${folder}/*.h)
  foreach(header IN LISTS headers)
    get_filename_component(name ${header} NAME)
    file(CREATE_LINK ${header} ${root}/${folder}/${name} SYMBOLIC)
  endforeach()
  target_include_directories(${target} PUBLIC ${root})
endfunction()
