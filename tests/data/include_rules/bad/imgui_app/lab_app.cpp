#include "web/main.h"
#include <GLFW/glfw3.h>
#include "core/sim/world.h"
