#include <emscripten.h>
#include "imgui_app/theme.h"
