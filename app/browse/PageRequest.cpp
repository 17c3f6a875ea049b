#include "PageRequest.h"

namespace sluice {

Result<RowPage> PageRequest::run(Connection& c, const KeysetPager& pager) const
{
    switch (mode) {
    case Mode::First:
        return pager.first(c, limit);
    case Mode::Last:
        return pager.last(c, limit);
    case Mode::After:
        return pager.after(c, key, limit);
    case Mode::Before:
        return pager.before(c, key, limit);
    case Mode::From:
        return pager.from(c, key, skip, limit);
    case Mode::Offset:
        return pager.atOffset(c, skip, limit);
    case Mode::OffsetFromEnd:
        return pager.atOffsetFromEnd(c, skip, limit);
    }
    return pager.first(c, limit);
}

} // namespace sluice
