// limit_layers.cc - contracts in limit_layers.h.
#include "core/limits/limit_layers.h"

namespace gw {

std::string_view limit_layer_name(LimitLayer layer) {
  switch (layer) {
    case LimitLayer::kNone:
      return "none";
    case LimitLayer::kIp:
      return "ip";
    case LimitLayer::kKey:
      return "key";
    case LimitLayer::kAnonymous:
      return "anonymous";
    case LimitLayer::kDoor:
      return "door";
  }
  return "none";
}

}  // namespace gw
