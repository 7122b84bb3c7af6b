//! Quarter planning, continued: the feature lane, improvements to what exists,
//! mostly asked for by merchants.

use super::planning::PLANNING;
use super::script::{Script, Spec};
use crate::domain::Lane::{Bet, Feature};
use crate::store::Result;

/// Ids the rest of the story refers to.
pub(super) struct Features {
    pub(super) webhook_retries: i64,
    pub(super) autocomplete: i64,
    pub(super) webhook_log: i64,
    pub(super) bulk_prices: i64,
    pub(super) delivery_estimate: i64,
    pub(super) order_notes: i64,
    pub(super) filter_orders: i64,
    pub(super) guest_checkout: i64,
    pub(super) did_you_mean: i64,
    pub(super) dark_mode: i64,
    pub(super) wholesale: i64,
}

/// Improvements to what exists, mostly asked for by merchants.
pub(super) fn play(s: &mut Script<'_>, checkout: i64, discovery: i64) -> Result<Features> {
    let webhook_retries = s.add(
        "maya",
        PLANNING,
        Spec::new(Feature, "Webhook retries with exponential backoff")
            .score(8, 8, 5, 5)
            .owner("sam")
            .labels(&["api", "webhooks"])
            .criteria(&[
                "Failed deliveries retry 8 times over 24 hours",
                "A merchant endpoint that is down for an hour loses no events",
            ]),
    )?;
    let webhook_log = s.add(
        "maya",
        PLANNING,
        Spec::new(Feature, "Webhook delivery log in the merchant dashboard")
            .score(5, 5, 2, 5)
            .owner("sam")
            .labels(&["dashboard", "webhooks"]),
    )?;
    let bulk_prices = s.add(
        "maya",
        PLANNING,
        Spec::new(Feature, "Bulk-edit prices by percentage or fixed amount")
            .score(8, 5, 1, 3)
            .owner("lee")
            .segment("enterprise B2B")
            .labels(&["merchant-admin", "pricing"]),
    )?;
    let delivery_estimate = s.add(
        "maya",
        PLANNING,
        Spec::new(Feature, "Show a delivery estimate on the product page")
            .score(8, 8, 2, 5)
            .owner("ana")
            .theme(checkout)
            .labels(&["checkout", "shipping"])
            .metric("add-to-cart rate on product pages"),
    )?;
    s.add(
        "maya",
        PLANNING,
        Spec::new(
            Feature,
            "Keep the cart across devices for signed-in shoppers",
        )
        .score(8, 8, 2, 8)
        .owner("jon")
        .theme(checkout)
        .labels(&["cart"]),
    )?;
    s.add(
        "maya",
        PLANNING,
        Spec::new(Feature, "Let merchants reorder payment methods at checkout")
            .score(3, 5, 1, 2)
            .owner("lee")
            .theme(checkout)
            .labels(&["checkout", "merchant-admin"])
            .criteria(&[
                "Drag to reorder in Settings → Payments",
                "Order is the same on web and mobile checkout",
            ]),
    )?;
    let order_notes = s.add(
        "priya",
        "asked for in 9 support tickets this month",
        Spec::new(Feature, "Print order notes on the packing slip")
            .score(5, 3, 1, 1)
            .owner("jon")
            .labels(&["fulfilment"])
            .criteria(&["Notes longer than 300 characters wrap instead of being cut"]),
    )?;
    let filter_orders = s.add(
        "maya",
        PLANNING,
        Spec::new(Feature, "Filter orders by fulfilment status and date range")
            .score(5, 5, 1, 2)
            .owner("lee")
            .labels(&["merchant-admin", "orders"])
            .criteria(&[
                "Filters: unfulfilled, partly shipped, shipped, returned",
                "Date range uses the shop's time zone",
                "Filters are kept in the URL so they can be bookmarked",
            ]),
    )?;
    let autocomplete = s.add(
        "maya",
        PLANNING,
        Spec::new(Feature, "Address autocomplete at checkout")
            .score(8, 13, 2, 5)
            .owner("ana")
            .theme(checkout)
            .labels(&["checkout", "mobile"])
            .metric("mobile checkout conversion (2.1% today)")
            .criteria(&[
                "Suggestions after 3 characters, in the shopper's country",
                "Manual entry stays one tap away",
            ]),
    )?;
    s.add(
        "maya",
        PLANNING,
        Spec::new(
            Feature,
            "Round converted prices to local conventions (9.90 CHF, 1 990 HUF)",
        )
        .score(5, 5, 2, 3)
        .owner("ravi")
        .segment("enterprise EU")
        .labels(&["i18n", "pricing"])
        .criteria(&["Rounding rules per currency, overridable per shop"]),
    )?;
    s.add(
        "maya",
        PLANNING,
        Spec::new(
            Feature,
            "Email merchants when a variant's stock drops below a threshold",
        )
        .score(5, 3, 2, 3)
        .owner("sam")
        .labels(&["inventory", "notifications"]),
    )?;
    let guest_checkout = s.add(
        "maya",
        PLANNING,
        Spec::new(Feature, "Guest checkout without creating an account")
            .score(13, 13, 3, 3)
            .owner("ana")
            .theme(checkout)
            .segment("self-serve mobile")
            .labels(&["checkout", "mobile"])
            .metric("mobile checkout conversion (2.1% today)")
            .criteria(&[
                "Guest can pay with email only; account creation offered after payment",
                "Order lookup by email and order number",
                "Conversion measured separately for guest and signed-in shoppers",
            ]),
    )?;
    let did_you_mean = s.add(
        "ravi",
        PLANNING,
        Spec::new(Feature, "Suggest \"did you mean\" for zero-result searches")
            .score(8, 8, 1, 3)
            .owner("ravi")
            .theme(discovery)
            .labels(&["search"])
            .metric("zero-result search rate (14% today)")
            .criteria(&[
                "Suggestion drawn from the shop's own catalogue terms",
                "Shown on web and mobile; click-through tracked",
            ]),
    )?;
    let dark_mode = s.add(
        "jon",
        "staff keep asking",
        Spec::new(Feature, "Dark mode for the merchant dashboard")
            .score(2, 2, 1, 8)
            .labels(&["dashboard", "design"]),
    )?;
    s.add(
        "maya",
        PLANNING,
        Spec::new(Feature, "Export the sales report as PDF")
            .score(3, 2, 1, 3)
            .labels(&["reports"]),
    )?;
    let wholesale = s.add(
        "maya",
        "enterprise B2B renewals depend on it",
        Spec::new(Bet, "Wholesale price lists per customer group")
            .score(13, 8, 3, 8)
            .owner("lee")
            .segment("enterprise B2B")
            .labels(&["b2b", "pricing"]),
    )?;
    Ok(Features {
        webhook_retries,
        autocomplete,
        webhook_log,
        bulk_prices,
        delivery_estimate,
        order_notes,
        filter_orders,
        guest_checkout,
        did_you_mean,
        dark_mode,
        wholesale,
    })
}
