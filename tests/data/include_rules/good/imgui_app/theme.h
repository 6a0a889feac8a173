#pragma once
#include <imgui.h>
#include "core/sim/world.h"
