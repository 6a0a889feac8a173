#include "core/scenario/scenario.h"
#include "core/tcp/connection.h"
