#pragma once
#include "core/tcp/connection.h"
