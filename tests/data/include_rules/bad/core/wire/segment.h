#pragma once
#include "imgui_app/theme.h"
#include "core/base/units.h"
#include "core/tcp/connection.h"
