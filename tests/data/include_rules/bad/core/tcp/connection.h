#pragma once
#include "core/wire/segment.h"
#include "core/sim/world.h"
