// Kconfig groups (internal to harness/diff): findings that exist because a
// Kconfig symbol is set differently on the two sides, grouped per symbol
// (DiffOptions::config_groups).
//
//   AssignConfigGroups(truth, assumed, assumed_c, names, report);  // after Attribute()
//   report.findings[i].config_group;   // "CONFIG_ZSWAP"
//   report.config_groups[0];           // {key, symbols, values, counts, items}
//
// Where the C side can tell, and only there:
//  * a symbol's value on each side is the side's CONFIG_<X> constant (the
//    C front end evaluates autoconf.h; bindgen binds it): "y" (1), "m"
//    (CONFIG_<X>_MODULE), "unset", or the value. The assumed side's are
//    those of `assumed_c` when given, else its own constants.
//  * a finding's symbols are the CONFIG_ macros (CONFIG_<X>_MODULE counts
//    as CONFIG_<X>) of the preprocessor conditions around the definitions
//    it concerns, in the truth and in `assumed_c` (which has the
//    definitions the truth lacks), whose values differ:
//    - the item's definition, and the member's (field, enumerator);
//    - for a record, also the fields it has on one side only and, when it
//      is inherited (attribution.h), its root causes' symbols;
//    - a constant named CONFIG_<X> is the symbol itself: group
//      kKconfigSymbolsGroup.
// A finding without such a symbol is in the group "" (no Kconfig condition
// the C side can name). Neither side's configuration known (no CONFIG_
// constants): every finding is in "".
#ifndef BINDFUZZ_HARNESS_DIFF_CONFIG_GROUP_H_
#define BINDFUZZ_HARNESS_DIFF_CONFIG_GROUP_H_

#include <string>
#include <vector>

#include "harness/contract/contract.h"
#include "harness/diff/diff.h"
#include "harness/diff/name_match.h"

namespace bindfuzz::diff {

// "CONFIG_X" for CONFIG_X and CONFIG_X_MODULE; "" for a macro that is not
// a Kconfig symbol.
std::string KconfigSymbol(const std::string& macro);

// "y", "m", "unset" or the value of a symbol in a contract's constants.
std::string KconfigValue(const contract::Contract& c, const std::string& symbol);

void AssignConfigGroups(const contract::Contract& truth, const contract::Contract& assumed,
                        const contract::Contract* assumed_c, const NameMatcher& names, DiffReport& report);

}  // namespace bindfuzz::diff

#endif  // BINDFUZZ_HARNESS_DIFF_CONFIG_GROUP_H_
