#include "core/sim/trace.h"

namespace tcplab {

std::string_view origin_name(SegmentOrigin o) {
  switch (o) {
    case SegmentOrigin::Stack: return "stack";
    case SegmentOrigin::Duplicate: return "duplicate";
    case SegmentOrigin::Injected: return "injected";
  }
  return "?";
}

std::string_view fate_name(Fate f) {
  switch (f) {
    case Fate::Delivered: return "delivered";
    case Fate::Corrupted: return "corrupted";
    case Fate::Lost: return "lost";
    case Fate::QueueFull: return "queue-full";
    case Fate::TooBig: return "too-big";
    case Fate::Dropped: return "dropped";
    case Fate::Held: return "held";
    case Fate::Released: return "released";
    case Fate::Duplicated: return "duplicated";
  }
  return "?";
}

}  // namespace tcplab
