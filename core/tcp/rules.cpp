#include "core/tcp/rules.h"

#include <array>

namespace tcplab {
namespace {
struct RuleInfo {
  std::string_view id, reference, text;
};
constexpr std::array kRuleInfo = {
#define TCPLAB_RULE_INFO(name, id, ref, text) RuleInfo{id, ref, text},
    TCPLAB_RULES(TCPLAB_RULE_INFO)
#undef TCPLAB_RULE_INFO
};
const RuleInfo& info(Rule r) { return kRuleInfo.at(static_cast<std::size_t>(r)); }
}  // namespace

std::string_view rule_id(Rule r) { return info(r).id; }
std::string_view rule_reference(Rule r) { return info(r).reference; }
std::string_view rule_text(Rule r) { return info(r).text; }

}  // namespace tcplab
