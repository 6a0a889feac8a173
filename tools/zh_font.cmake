# The Chinese (zh-CN) font: Noto Sans CJK SC from Debian's fonts-noto-cjk,
# cut by pyftsubset to exactly the characters the Chinese tables and lessons
# use plus ASCII (tools/zh_font_text.py), so a string added to them is in the
# next build's font. The page fetches it only when Chinese is chosen.
#
# tcplab_zh_font(DIR) defines the custom target tcplab_zh_font producing
# DIR/zh-CN.otf and DIR/zh-CN.txt (the characters), and sets
# TCPLAB_ZH_FONT / TCPLAB_ZH_FONT_TEXT in the caller's scope. Without the
# font or pyftsubset, TCPLAB_ZH_FONT is empty and the target says why.
set(TCPLAB_ZH_FONT_SRC /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc CACHE FILEPATH
    "Noto Sans CJK (a TTC; face TCPLAB_ZH_FONT_INDEX is Simplified Chinese)")
set(TCPLAB_ZH_FONT_INDEX 2 CACHE STRING "The face of TCPLAB_ZH_FONT_SRC to cut: 2 is Noto Sans CJK SC")

function(tcplab_zh_font dir)
  find_program(PYFTSUBSET pyftsubset)
  find_program(TCPLAB_PYTHON3 NAMES python3)
  set(text ${dir}/zh-CN.txt)
  set(font ${dir}/zh-CN.otf)
  file(GLOB lessons CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/scenarios/*.scenario)
  set(tables ${PROJECT_SOURCE_DIR}/imgui_app/strings_zh.cpp)
  if(NOT PYFTSUBSET OR NOT TCPLAB_PYTHON3 OR NOT EXISTS ${TCPLAB_ZH_FONT_SRC})
    message(STATUS "No Chinese font: needs pyftsubset and ${TCPLAB_ZH_FONT_SRC} (tools/setup.sh installs them)")
    add_custom_target(tcplab_zh_font COMMAND ${CMAKE_COMMAND} -E echo "no Chinese font: run tools/setup.sh")
    set(TCPLAB_ZH_FONT "" PARENT_SCOPE)
    return()
  endif()
  add_custom_command(OUTPUT ${text}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${TCPLAB_PYTHON3} ${PROJECT_SOURCE_DIR}/tools/zh_font_text.py --tables ${tables}
            --lessons ${PROJECT_SOURCE_DIR}/scenarios --out ${text}
    DEPENDS ${tables} ${lessons} ${PROJECT_SOURCE_DIR}/tools/zh_font_text.py VERBATIM)
  # Outlines only: no hinting, no layout tables (ImGui draws glyph by glyph),
  # the name table whole (it carries the OFL licence notice).
  add_custom_command(OUTPUT ${font}
    COMMAND ${PYFTSUBSET} ${TCPLAB_ZH_FONT_SRC} --font-number=${TCPLAB_ZH_FONT_INDEX} --text-file=${text}
            --output-file=${font} --no-hinting --layout-features= --name-IDs=* --name-languages=*
            --drop-tables+=GSUB,GPOS,GDEF,BASE,VORG,vhea,vmtx
    DEPENDS ${text} ${TCPLAB_ZH_FONT_SRC} VERBATIM)
  add_custom_target(tcplab_zh_font DEPENDS ${font})
  set(TCPLAB_ZH_FONT ${font} PARENT_SCOPE)
  set(TCPLAB_ZH_FONT_TEXT ${text} PARENT_SCOPE)
endfunction()
