//! The routine work of the last five months, described compactly and generated:
//! what the team finished week by week, the hot fixes with their post-mortems,
//! and the week after the payment provider's outage, when hot fixes took most of
//! the effort and no strategic bet moved. The story's own scenes play between.

use chrono::{Datelike, NaiveDate};

use super::script::{Past, Spec, Step};
use crate::domain::Lane::{Bet, Feature, Stability};
use crate::domain::Severity::{self, S1, S2, S3, S4};

/// A customer fix: weeks ago, weekday finished (0 = Monday), days from report to
/// finish, hours from start to finish, severity, segment, title, root cause,
/// prevention.
type Fix = (
    u64,
    u64,
    u64,
    u64,
    Severity,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const FIXES: [Fix; 15] = [
    (15, 2, 0, 3, S2, "self-serve web", "Product images fail to load for shops on custom domains",
     "The CDN certificate did not cover custom domains added after March.",
     "Custom domains are added to the certificate when they are created; a daily job checks every one."),
    (14, 1, 1, 5, S3, "enterprise EU", "VAT number check refuses valid Irish numbers",
     "Our own validation pattern predated Ireland's nine-character format.",
     "VAT numbers are checked with the EU's VIES service instead of our patterns."),
    (12, 3, 0, 2, S2, "self-serve mobile", "Android app crashes on products without images",
     "The product screen assumed every product has at least one image.",
     "Products with no images are part of the app's snapshot tests."),
    (11, 0, 1, 4, S3, "all merchants", "Order CSV export shifts columns when a note has a comma",
     "Notes were written into the file unquoted.",
     "Exports go through a CSV library; a test exports notes with commas, quotes and line breaks."),
    (9, 2, 0, 3, S2, "self-serve web", "Discount codes expire at midnight UTC, not at the shop's midnight",
     "Expiry dates were stored without a time zone and compared in UTC.",
     "Expiry is a time in the shop's zone; discount tests run in three zones."),
    // The outage, and the week of firefighting after it.
    (8, 0, 0, 1, S1, "all shoppers", "Checkout down for 47 minutes while the payment provider was unavailable",
     "Every checkout called the one payment provider with a 60-second timeout and no fallback; when its API went down, checkout threads piled up and the storefront stopped taking orders.",
     "A second provider takes over after three failed health checks in a row, the timeout is 8 seconds, and a banner goes up on the status page by itself."),
    (8, 1, 1, 5, S2, "all merchants", "Orders stuck in 'payment pending' after the provider outage",
     "Confirmations that arrived after our timeout were dropped for orders already marked failed.",
     "A late confirmation reopens its order and tells the merchant; a nightly job reconciles orders with the provider's settlement report."),
    (8, 2, 1, 6, S2, "enterprise EU", "Order webhooks to merchants' systems delayed by up to 3 hours",
     "The retry storm after the outage filled the webhook queue, and fresh events waited behind hours of retries.",
     "Retries have their own queue with exponential backoff; queue age is on the on-call dashboard."),
    (8, 3, 1, 4, S3, "self-serve web", "Stock stays reserved for checkouts abandoned during the outage",
     "Reservations were released when the checkout session expired, and sessions that died with the outage never did.",
     "Reservations expire on their own after 30 minutes."),
    (8, 4, 2, 5, S3, "enterprise B2B", "Payout report counts retried orders twice",
     "The report added up payment attempts instead of settled payments.",
     "The report reads settled payments only, tested on the outage's real attempt log."),
    // Fixed two days past its SLA: the fix needed the provider to switch on a setting.
    (7, 0, 5, 30, S2, "self-serve mobile", "Shoppers charged twice when they retried payment during the outage",
     "The retry button created a second payment instead of reusing the first; the fix needed the provider's idempotency keys, which took two days to be enabled on our account.",
     "Every payment carries an idempotency key from the cart, and a refund job caught the remaining double charges within a day."),
    (7, 3, 1, 5, S3, "self-serve web", "Abandoned-cart emails link to an expired cart",
     "The link carried the cart's id, and carts expire after 24 hours.",
     "The link restores the cart from the shopper's saved items."),
    (5, 1, 1, 4, S3, "enterprise EU", "Invoices show shipping without VAT for customers in Norway",
     "Norway was missing from our list of countries that charge VAT on shipping.",
     "Tax rules come from the tax provider's table, refreshed every week."),
    (3, 2, 0, 2, S4, "self-serve web", "Order list date filter shows US dates to European shops",
     "The date picker used the browser's default locale.",
     "The picker follows the shop's locale setting."),
    (1, 3, 1, 5, S2, "self-serve mobile", "iOS app signs shoppers out after every app update",
     "The saved session was tied to the app's build number.",
     "Sessions are kept under a stable key, and an upgrade test runs on every release."),
];

/// Weeks ago, and how many stability items, features and strategic bet
/// milestones were finished that week.
const WEEKS: [(u64, [usize; 3]); 15] = [
    (15, [1, 2, 1]),
    (14, [1, 3, 0]),
    (13, [2, 2, 1]),
    (12, [0, 2, 1]),
    (11, [2, 4, 1]),
    // A short week: a public holiday and the team offsite.
    (10, [1, 2, 0]),
    (9, [2, 4, 1]),
    // Firefighting: one stability item, nothing else.
    (8, [1, 0, 0]),
    // The recovery starts with the incident's prevention work.
    (7, [3, 1, 0]),
    (6, [2, 4, 1]),
    (5, [1, 2, 1]),
    (4, [1, 4, 1]),
    (3, [0, 2, 1]),
    (2, [2, 4, 1]),
    (1, [1, 2, 1]),
];

const STABILITY: [&str; 22] = [
    "Move session storage off the primary database",
    "Alert when the order queue is older than 5 minutes",
    "Upgrade the image service to the supported runtime",
    "Remove the legacy checkout endpoint",
    "Nightly restore test of the order database backup",
    "Rate-limit the admin login form",
    "Split search indexing from the storefront workers",
    "Status page fed by real health checks",
    "Payment provider health checks with automatic failover",
    "Separate retry queue for merchant webhooks",
    "On-call dashboard: queue age, error rate, provider health",
    "Timeouts on every call to an outside service",
    "Runbook for a payment provider outage",
    "Retire the unused recommendations cluster",
    "Trace ids from storefront to payment provider",
    "Canary deploys for the checkout service",
    "Rotate database credentials every 90 days",
    "Load-shedding for the product API under peak traffic",
    "Upgrade the message broker to a supported version",
    "Delete customer data of closed shops after 90 days",
    "Dependency updates for the merchant admin",
    "Error budget report for checkout, per week",
];

const FEATURES: [&str; 38] = [
    "Saved carts across devices",
    "Bulk upload of product images",
    "Shipping rates by postcode zone",
    "Order notes visible to shoppers",
    "Gift wrapping option at checkout",
    "Low-stock email to merchants",
    "Product variants with their own images",
    "Export customers as CSV",
    "Scheduled price changes",
    "Apple Pay on the web storefront",
    "Tax-inclusive prices for EU shops",
    "Customer accounts with order history",
    "Discount codes limited to first orders",
    "Product reviews with photos",
    "Packing slips in the shop's language",
    "Wishlists for signed-in shoppers",
    "Pickup in store as a delivery option",
    "Merchant staff accounts with roles",
    "Inventory sync with two warehouses",
    "Returns portal for shoppers",
    "Search filters by price range",
    "Recently viewed products block",
    "Invoice numbering per country",
    "Free-shipping threshold banner",
    "Order tags and saved order filters",
    "Product bundles at a bundle price",
    "Translate product pages into two languages",
    "Abandoned-cart reminder emails",
    "Pre-orders for products not yet in stock",
    "Shop policies page generator",
    "Partial refunds from the order page",
    "Customer groups with their own prices",
    "Shipping labels printed from the order list",
    "Product page load time under 1.5 s on 4G",
    "Newsletter sign-up block with double opt-in",
    "Back-in-stock alerts for shoppers",
    "Sort collections by best-selling",
    "Order timeline with every status change",
];

const BETS: [&str; 12] = [
    "Subscriptions: recurring orders for 20 pilot shops",
    "Subscriptions: shoppers pause and skip deliveries",
    "Marketplace sync: list products on one marketplace",
    "Marketplace sync: orders flow back into the order list",
    "Shop analytics: daily sales digest email",
    "Shop analytics: conversion funnel per channel",
    "Point of sale: sell at markets with a phone as card reader",
    "Point of sale: one stock count for shop and market",
    "Wholesale portal: private catalogue for trade buyers",
    "Wholesale portal: net-30 invoices for approved buyers",
    "Semantic search: relevance baseline on 200 real queries",
    "Onboarding research: interviews with 14 new merchants",
];

/// Declined along the way: weeks ago, title, reason.
const DECLINED: [(u64, &str, &str); 3] = [
    (
        13,
        "Native Windows app for the merchant admin",
        "4 requests in two years, and the web admin works on every Windows browser we support",
    ),
    (
        10,
        "Custom fonts on invoices",
        "3 requests; the invoice template editor planned for next quarter covers it",
    ),
    (
        6,
        "Accept payments in cryptocurrency",
        "No merchant asked for it in 30 interviews, and our payment provider does not support it",
    ),
];

/// Score inputs and effort, cycled through per lane.
const STABILITY_SCORES: [(u8, u8, u8, u8); 4] =
    [(3, 5, 8, 3), (2, 3, 5, 2), (5, 8, 8, 5), (3, 3, 5, 3)];
const FEATURE_SCORES: [(u8, u8, u8, u8); 5] = [
    (8, 5, 2, 5),
    (5, 5, 1, 3),
    (13, 8, 3, 8),
    (3, 2, 1, 2),
    (8, 8, 2, 5),
];
const BET_SCORES: [(u8, u8, u8, u8); 3] = [(13, 13, 5, 8), (8, 13, 3, 13), (20, 13, 5, 8)];
const FIX_SCORES: [(u8, u8, u8, u8); 3] = [(8, 8, 5, 2), (5, 5, 3, 1), (13, 8, 8, 3)];

const OWNERS: [&str; 6] = ["ana", "jon", "lee", "ravi", "sam", "tomas"];

/// Builds the steps of every item of the past, on days counted back from
/// `today`; weeks are calendar weeks, so a week's work stays in its week.
pub(super) fn steps(today: NaiveDate) -> Vec<Past> {
    let weekday = u64::from(today.weekday().num_days_from_monday());
    // Days back to a weekday (0 = Monday) of the week `weeks` weeks ago.
    let day = |weeks: u64, on: u64| weekday + 7 * weeks - on;
    let mut out = Vec::new();
    let mut count = 0;
    let push = |out: &mut Vec<Past>, day: u64, minute: i64, step: Step, item: usize| {
        out.push(Past {
            day,
            minute,
            item,
            step,
        });
    };
    for (i, &(weeks, on, lead, hours, severity, segment, title, root_cause, prevention)) in
        FIXES.iter().enumerate()
    {
        let done = day(weeks, on);
        let (v, im, r, e) = if severity == S1 {
            (20, 20, 13, 3)
        } else {
            FIX_SCORES[i % 3]
        };
        let spec = Spec::fix(severity, segment, title)
            .score(v, im, r, e)
            .owner(OWNERS[i % OWNERS.len()]);
        let reported = if lead == 0 { 30 } else { 400 };
        push(
            &mut out,
            done + lead,
            reported,
            Step::Add("priya", "support tickets".into(), Box::new(spec)),
            count,
        );
        push(
            &mut out,
            done + hours / 24,
            60,
            Step::Start(OWNERS[i % OWNERS.len()]),
            count,
        );
        let finished = 60 + 60 * i64::try_from(hours % 24).unwrap_or(0);
        push(
            &mut out,
            done,
            finished.max(90),
            Step::Finish(OWNERS[i % OWNERS.len()], String::new()),
            count,
        );
        push(
            &mut out,
            done.saturating_sub(1).max(1),
            200,
            Step::Postmortem(OWNERS[i % OWNERS.len()], root_cause, prevention),
            count,
        );
        count += 1;
    }
    let lanes = [
        (Stability, &STABILITY[..], &STABILITY_SCORES[..]),
        (Feature, &FEATURES[..], &FEATURE_SCORES[..]),
        (Bet, &BETS[..], &BET_SCORES[..]),
    ];
    let mut next = [0usize; 3];
    for (w, &(weeks, counts)) in WEEKS.iter().enumerate() {
        for (l, &(lane, titles, scores)) in lanes.iter().enumerate() {
            for _ in 0..counts[l] {
                let i = next[l];
                next[l] += 1;
                let (lead, cycle) = match lane {
                    Stability => (8 + (i * 5) % 14, 1 + (i * 3) % 4),
                    Feature => (10 + (i * 7) % 25, 2 + (i * 5) % 6),
                    _ => (20 + (i * 11) % 21, 5 + (i * 3) % 8),
                };
                let done = day(weeks, ((i * 3 + w) % 5) as u64);
                let (v, im, r, e) = scores[i % scores.len()];
                let owner = OWNERS[(i + l) % OWNERS.len()];
                let (by, why) = match lane {
                    Stability => ("tomas", "from the reliability review"),
                    Feature => (
                        "maya",
                        [
                            "merchant request",
                            "support tickets",
                            "asked for in sales demos",
                        ][i % 3],
                    ),
                    _ => ("maya", "last quarter's planning"),
                };
                let spec = Spec::new(lane, titles[i % titles.len()])
                    .score(v, im, r, e)
                    .owner(owner);
                push(
                    &mut out,
                    done + lead as u64,
                    20 + (i as i64 * 37) % 180,
                    Step::Add(by, why.into(), Box::new(spec)),
                    count,
                );
                push(
                    &mut out,
                    done + cycle as u64,
                    60 + (i as i64 * 23) % 120,
                    Step::Start(owner),
                    count,
                );
                push(
                    &mut out,
                    done,
                    300 + (i as i64 * 41) % 150,
                    Step::Finish(owner, String::new()),
                    count,
                );
                count += 1;
            }
        }
    }
    for (k, &(weeks, title, reason)) in DECLINED.iter().enumerate() {
        let done = day(weeks, (k as u64 * 2) % 5);
        push(
            &mut out,
            done + 9,
            100,
            Step::Add(
                "priya",
                "merchant request".into(),
                Box::new(Spec::inbox(title)),
            ),
            count,
        );
        push(
            &mut out,
            done,
            240,
            Step::Decline("maya", reason.into()),
            count,
        );
        count += 1;
    }
    out
}
