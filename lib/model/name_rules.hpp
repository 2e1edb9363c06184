#pragma once
// The rules that narrow the entities matching one name, applied in this order by
// atlas::lookup (see atlas.hpp). Each works on the candidate list in place and
// records what it chose in the match. Private to the library.

#include <coopatlas/model/atlas.hpp>

#include <string_view>
#include <vector>

namespace coopatlas::model::detail {

using candidates = std::vector<const entity*>;

/// Places that stand for a matched commune (its anchor, or a place of the same
/// country carrying the same name) and quarters (PPLX) beside a commune or city go.
void drop_stand_ins(candidates& found);

/// Versions of one unit (same country and level, other vintages, same code or same
/// name) count once: the query's vintage, else the one in force in its year; without
/// either they all stay and `out.undated_versions` is set.
void keep_one_version(candidates& found, const name_query& q, std::string_view name, name_match& out);

/// Of several communes of one country, the only one whose anchor is a city place in
/// `matched` (the places the name matched before stand-ins were dropped) is kept.
void keep_the_city(candidates& found, const candidates& matched, std::string_view name, name_match& out);

/// A municipality and the rank-1 or rank-2 units (region, province, préfecture,
/// département) of its country named after it: `prefer` chooses; `reason` says why when the row chose.
void apply_prefer(candidates& found, prefer_unit prefer, std::string_view reason, std::string_view name,
                  name_match& out);

} // namespace coopatlas::model::detail
