#include "imgui_app/lab_app.h"
