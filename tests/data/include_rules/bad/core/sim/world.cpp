#include "world.h"
#include <emscripten.h>
