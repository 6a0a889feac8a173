// A tiny tree that breaks each include rule once (tools/check_includes.py self-test).
#pragma once
#include <imgui.h>
