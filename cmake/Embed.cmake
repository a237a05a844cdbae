# motcua_embed(TARGET_VAR NAMESPACE OUT_BASENAME FILES...)
# Compiles files into a generated C++ source so the binary carries them (templates, static assets,
# migrations). The generated source defines `motcua::embedded::<ns>::Files()` returning a sorted
# list of {path, bytes}. Paths are relative to BASE_DIR.
function(motcua_embed out_var ns base_dir)
  set(files ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embedded_${ns}.cc")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DNS=${ns} -DBASE=${base_dir} -DOUT=${out} "-DFILES=${files}"
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_script.cmake"
    DEPENDS ${files} "${PROJECT_SOURCE_DIR}/cmake/embed_script.cmake"
    COMMENT "Embedding ${ns} files"
    VERBATIM)
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()
