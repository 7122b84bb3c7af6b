//! Six weeks ago: quarter planning. The North Star, the themes, and the backlog
//! the team started the quarter with: stability work here, the strategic bets and
//! the features in their own files.

use super::bets::{self, Bets};
use super::features::{self, Features};
use super::script::{Script, Spec};
use crate::domain::Lane::Stability;
use crate::store::Result;

/// Ids the rest of the story refers to.
pub(super) struct Plan {
    pub(super) checkout: i64,
    pub(super) trust: i64,
    pub(super) discovery: i64,
    pub(super) email_queue: i64,
    pub(super) rate_limit: i64,
    pub(super) flaky_test: i64,
    pub(super) bets: Bets,
    pub(super) features: Features,
}

pub(super) const PLANNING: &str = "quarter planning";

pub(super) fn play(s: &mut Script<'_>) -> Result<Plan> {
    s.day(42)?;
    s.policy(
        "maya",
        "Quarter planning: 38% of merchants who sign up never make a sale, and those who do \
         need 11 days on median",
        "north_star",
        "Cut a new merchant's time to first sale from 11 days to 4 by the end of the quarter",
    )?;
    let onboarding = s.theme(
        "maya",
        PLANNING,
        "Merchant onboarding",
        "Cut the median time from sign-up to first sale from 11 days to 4",
    )?;
    let checkout = s.theme(
        "maya",
        PLANNING,
        "Mobile checkout",
        "Raise mobile checkout conversion from 2.1% to 2.8%",
    )?;
    let trust = s.theme(
        "tomas",
        PLANNING,
        "Trust and reliability",
        "Halve S1/S2 incidents (from 6 a month to 3) and keep checkout availability at 99.95%",
    )?;
    let discovery = s.theme(
        "maya",
        PLANNING,
        "Product discovery",
        "Cut the zero-result search rate from 14% to 5% and time-to-find-a-product by 40%",
    )?;

    s.day(41)?;
    let email_queue = s.add(
        "tomas",
        PLANNING,
        Spec::new(
            Stability,
            "Split the order-email queue from the bulk-export queue",
        )
        .score(3, 5, 5, 3)
        .owner("ana")
        .theme(trust)
        .labels(&["email", "queues"])
        .describe(
            "Order emails and bulk CSV exports share one worker pool. A large export \
             (50k rows) holds every worker for minutes.\n\n\
             Give order emails their own queue and workers; exports keep the rest.",
        ),
    )?;
    let idempotency = s.add(
        "tomas",
        PLANNING,
        Spec::new(Stability, "Idempotency keys on the payment capture job")
            .score(8, 8, 13, 5)
            .owner("tomas")
            .theme(trust)
            .labels(&["payments"])
            .metric("duplicate captures per week (about 4 today)")
            .criteria(&[
                "Every capture call carries a key derived from order id and attempt number",
                "Running the same capture job twice charges the shopper once (integration test)",
            ]),
    )?;
    s.add(
        "tomas",
        PLANNING,
        Spec::new(
            Stability,
            "Upgrade the Postgres cluster from 13 to 16 before end of support",
        )
        .score(3, 5, 13, 8)
        .owner("ravi")
        .theme(trust)
        .labels(&["database", "upgrade"])
        .due(s.date_in(75))
        .describe(
            "Version 13 leaves community support this year. Rehearse on the staging \
             replica first; the order tables need a logical-replication cut-over, not \
             an in-place upgrade.",
        ),
    )?;
    let outbox = s.add(
        "tomas",
        PLANNING,
        Spec::new(Stability, "Move order events to a transactional outbox")
            .score(5, 8, 8, 8)
            .owner("tomas")
            .theme(trust)
            .labels(&["events", "webhooks"])
            .describe(
                "Order events are published after the database commit, so a crash in \
                 between loses them (3 merchants reported missing `order.paid` webhooks \
                 last month). Write events to an outbox table in the same transaction and \
                 publish from there.",
            ),
    )?;
    s.add(
        "tomas",
        PLANNING,
        Spec::new(
            Stability,
            "Load-test checkout at 3× last Black Friday's peak",
        )
        .score(5, 8, 13, 5)
        .owner("lee")
        .theme(trust)
        .labels(&["checkout", "performance"])
        .metric("p95 checkout latency under load")
        .criteria(&[
            "Scripted scenario: browse, add to cart, pay, at 1,800 orders a minute",
            "p95 checkout latency stays under 800 ms",
            "Findings filed as stability items",
        ]),
    )?;
    s.add(
        "tomas",
        PLANNING,
        Spec::new(
            Stability,
            "Retire the v1 cart API (12 merchants still call it)",
        )
        .score(3, 3, 5, 8)
        .owner("sam")
        .labels(&["api", "debt"]),
    )?;
    s.add(
        "jon",
        PLANNING,
        Spec::new(Stability, "Cut CI time from 24 minutes to under 10")
            .score(5, 5, 2, 5)
            .owner("jon")
            .labels(&["ci", "developer-experience"]),
    )?;
    let rate_limit = s.add(
        "tomas",
        PLANNING,
        Spec::new(
            Stability,
            "Rate-limit the public storefront API per merchant",
        )
        .score(5, 8, 13, 3)
        .owner("ravi")
        .theme(trust)
        .labels(&["api", "security"])
        .criteria(&[
            "Limits per API key, with a 429 and a Retry-After header",
            "One merchant's scraper can no longer slow down other shops",
        ]),
    )?;
    let flaky_test = s.add(
        "jon",
        PLANNING,
        Spec::new(
            Stability,
            "Flaky test: checkout_e2e fails about 1 run in 15",
        )
        .score(2, 3, 3, 2)
        .owner("jon")
        .labels(&["ci", "tests"]),
    )?;

    s.day(40)?;
    let bets = bets::play(s, onboarding, checkout, discovery, idempotency)?;

    s.day(38)?;
    let features = features::play(s, checkout, discovery)?;
    s.block(
        "tomas",
        "retries need events that are never lost",
        features.webhook_retries,
        outbox,
    )?;
    s.block(
        "sam",
        "the log shows the retry attempts",
        features.webhook_log,
        features.webhook_retries,
    )?;

    Ok(Plan {
        checkout,
        trust,
        discovery,
        email_queue,
        rate_limit,
        flaky_test,
        bets,
        features,
    })
}
