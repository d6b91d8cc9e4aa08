//! A plan in a list (district and home pages): its title, period and size,
//! and what of it is under way now and what comes next.

use super::*;
use crate::period::PeriodKind;

#[derive(Serialize)]
pub(super) struct PlanSummary {
    title: Html,
    href: String,
    period: Option<Html>,
    items: usize,
    items_word: &'static str,
    updated: DateView,
    /// Without «now / next».
    compact: bool,
    #[serde(flatten)]
    now_next: Option<NowNext>,
}

#[derive(Serialize)]
struct NowNext {
    now: Vec<ItemBrief>,
    next: Vec<ItemBrief>,
    /// Every dated item has ended.
    finished: bool,
}

/// `plan` in a list; «now / next» only when `now_next` (they cost a walk
/// over every item).
pub(super) fn plan_summary(
    input: &RenderInput,
    district: &District,
    plan: &Plan,
    text: &TextRenderer,
    now_next: bool,
) -> PlanSummary {
    let count: usize = plan
        .tables()
        .flat_map(|t| t.all_items())
        .filter(|i| i.is_leaf())
        .count();
    PlanSummary {
        // Its short title where it has one: a list of official titles of
        // six lines each reads badly, on a phone worst of all.
        title: text.plain_unlinked(&plan.name()),
        href: paths::plan_page(district, plan),
        period: plan.period_text.as_deref().map(|p| text.plain(p)),
        items: count,
        items_word: items_word(count),
        updated: DateView::new(plan.updated),
        compact: !now_next,
        now_next: now_next.then(|| plan_now_next(input.today, district, plan, text)),
    }
}

/// What of `plan` is under way on `today` (five at most, the soonest to
/// end first) and what starts next (three, the soonest first).
fn plan_now_next(
    today: NaiveDate,
    district: &District,
    plan: &Plan,
    text: &TextRenderer,
) -> NowNext {
    let items = items_of(district, plan);
    let dated: Vec<&ItemRef> = items
        .iter()
        .filter(|r| r.item.is_leaf())
        .filter(|r| {
            r.item
                .period
                .as_ref()
                .is_some_and(|p| !matches!(p.kind, PeriodKind::WholePlan | PeriodKind::Unknown))
        })
        .collect();
    let mut now: Vec<&ItemRef> = dated
        .iter()
        .copied()
        .filter(|r| {
            r.item.period.as_ref().is_some_and(|p| {
                p.intervals
                    .iter()
                    .any(|i| i.start <= today && today <= i.end)
            })
        })
        .collect();
    now.sort_by_key(|r| r.item.period.as_ref().and_then(|p| p.end()));
    let mut next: Vec<&ItemRef> = dated
        .iter()
        .copied()
        .filter(|r| {
            r.item
                .period
                .as_ref()
                .and_then(|p| p.start())
                .is_some_and(|s| s > today)
        })
        .collect();
    next.sort_by_key(|r| r.item.period.as_ref().and_then(|p| p.start()));
    // A plan without any date (a matrix) has not «finished»: it has no dates.
    let finished = plan.span_of_plan.map(|s| s.end < today).unwrap_or_else(|| {
        !dated.is_empty()
            && dated.iter().all(|r| {
                r.item
                    .period
                    .as_ref()
                    .and_then(|p| p.end())
                    .is_some_and(|e| e < today)
            })
    });
    let line = |r: &&ItemRef| ItemBrief::new(r, 140, text);
    NowNext {
        now: now.iter().take(5).map(line).collect(),
        next: next.iter().take(3).map(line).collect(),
        finished,
    }
}
