#pragma once
#include "core/tcp/connection.h"
#include "core/base/units.h"
