// A tiny tree that keeps every include rule (tools/check_includes.py self-test).
#pragma once
#include <string>
