//! Quarter planning, continued: three strategic bets, each with the milestones
//! that will tell whether it pays off.

use super::planning::PLANNING;
use super::script::{Script, Spec};
use crate::domain::Lane::Bet;
use crate::store::Result;

/// Ids the rest of the story refers to.
pub(super) struct Bets {
    pub(super) setup_bet: i64,
    pub(super) checklist: i64,
    pub(super) csv_mapping: i64,
    pub(super) sandbox: i64,
    pub(super) vault: i64,
    pub(super) recognise: i64,
    pub(super) embeddings: i64,
    pub(super) query_understanding: i64,
    pub(super) ab_test: i64,
}

pub(super) fn play(
    s: &mut Script<'_>,
    onboarding: i64,
    checkout: i64,
    discovery: i64,
    idempotency: i64,
) -> Result<Bets> {
    let setup_bet = s.add(
        "maya",
        PLANNING,
        Spec::new(Bet, "Guided store setup: first sale within a day")
            .score(13, 20, 5, 20)
            .owner("maya")
            .theme(onboarding)
            .labels(&["onboarding"])
            .metric("median days from sign-up to first sale (11 today)")
            .criteria(&[
                "Median time to first sale at most 4 days for merchants who sign up after launch",
                "At least 60% of new merchants finish the setup checklist",
            ])
            .describe(
                "## Hypothesis\n\n\
                 Merchants stall between *sign-up* and *first product live*: interviews with \
                 14 new merchants found they do not know what is left to do, and importing a \
                 catalogue takes a day of spreadsheet work.\n\n\
                 ## Milestones\n\n\
                 1. A setup checklist on the dashboard home\n\
                 2. CSV import with column mapping\n\
                 3. Starter templates\n\
                 4. A sandbox test order before going live",
            ),
    )?;
    let checklist = s.add(
        "maya",
        PLANNING,
        Spec::new(Bet, "Setup checklist with progress on the dashboard home")
            .score(8, 13, 2, 5)
            .owner("jon")
            .theme(onboarding)
            .under(setup_bet)
            .labels(&["onboarding", "dashboard"])
            .criteria(&[
                "Five steps: add products, set shipping, connect payments, pick a domain, test \
                 order",
                "Each step ticks itself when done; progress survives sign-out",
                "Checklist hides once the first sale is made",
            ]),
    )?;
    let csv_mapping = s.add(
        "maya",
        PLANNING,
        Spec::new(Bet, "Column mapping for product CSV import")
            .score(8, 8, 2, 5)
            .owner("sam")
            .theme(onboarding)
            .under(setup_bet)
            .labels(&["onboarding", "import"]),
    )?;
    s.add(
        "maya",
        PLANNING,
        Spec::new(Bet, "Starter store templates for five verticals")
            .score(5, 8, 1, 8)
            .owner("ana")
            .theme(onboarding)
            .under(setup_bet)
            .labels(&["onboarding", "design"]),
    )?;
    let sandbox = s.add(
        "maya",
        PLANNING,
        Spec::new(Bet, "Test order with a sandbox card before going live")
            .score(8, 8, 3, 3)
            .owner("jon")
            .theme(onboarding)
            .under(setup_bet)
            .labels(&["onboarding", "payments"])
            .criteria(&[
                "A 'Place a test order' button on the checklist",
                "The test order runs the real checkout with a sandbox card and never reaches \
                 payouts",
            ]),
    )?;
    s.block(
        "maya",
        "the test order is a step of the checklist",
        sandbox,
        checklist,
    )?;

    let wallet_bet = s.add(
        "maya",
        PLANNING,
        Spec::new(Bet, "One-tap checkout for returning shoppers")
            .score(20, 20, 8, 20)
            .owner("maya")
            .theme(checkout)
            .labels(&["checkout", "mobile"])
            .metric("returning-shopper conversion on mobile")
            .describe(
                "Returning shoppers re-type card and address on every shop. Remember them \
                 across the shops on our platform (with consent) and let them pay in one tap.",
            ),
    )?;
    let vault = s.add(
        "maya",
        PLANNING,
        Spec::new(Bet, "Vault card tokens with the payment provider")
            .score(8, 13, 8, 8)
            .owner("tomas")
            .theme(checkout)
            .under(wallet_bet)
            .labels(&["payments", "security"])
            .criteria(&[
                "No card number touches our servers; only provider tokens are stored",
                "Tokens can be deleted by the shopper from their account",
            ]),
    )?;
    let recognise = s.add(
        "maya",
        PLANNING,
        Spec::new(
            Bet,
            "Recognise returning shoppers by email and a one-time code",
        )
        .score(8, 8, 5, 5)
        .owner("ana")
        .theme(checkout)
        .under(wallet_bet)
        .labels(&["checkout", "identity"])
        .criteria(&[
            "Code by email arrives within 10 seconds (p95)",
            "Works without a password or an account",
        ]),
    )?;
    let express = s.add(
        "maya",
        PLANNING,
        Spec::new(Bet, "Express checkout button on product pages")
            .score(8, 13, 2, 5)
            .owner("ana")
            .theme(checkout)
            .under(wallet_bet)
            .labels(&["checkout", "mobile"]),
    )?;
    s.block(
        "tomas",
        "we cannot vault tokens while captures can run twice",
        vault,
        idempotency,
    )?;
    s.block(
        "tomas",
        "the button pays with a vaulted token",
        express,
        vault,
    )?;

    let semantic = s.add(
        "maya",
        PLANNING,
        Spec::new(Bet, "Semantic product search")
            .score(13, 13, 8, 20)
            .owner("ravi")
            .theme(discovery)
            .labels(&["search"])
            .metric("zero-result search rate (14% today)")
            .describe(
                "Shoppers search the way they talk (\"warm jacket for hiking\"); our keyword \
                 index only matches titles. Try embeddings over the catalogue and compare \
                 against keyword ranking before committing.",
            ),
    )?;
    let embeddings = s.add(
        "maya",
        PLANNING,
        Spec::new(
            Bet,
            "Spike: nightly catalogue embeddings, cost per 10k products",
        )
        .score(5, 5, 3, 3)
        .owner("ravi")
        .theme(discovery)
        .under(semantic)
        .labels(&["search", "spike"])
        .criteria(&[
            "Cost per 10k products per night, measured on three real catalogues",
            "Index rebuild under 20 minutes for the largest shop (180k products)",
        ]),
    )?;
    let query_understanding = s.add(
        "maya",
        PLANNING,
        Spec::new(
            Bet,
            "Query understanding: synonyms, typos and units (\"32in\" = \"32 inch\")",
        )
        .score(8, 8, 2, 13)
        .owner("ravi")
        .theme(discovery)
        .under(semantic)
        .labels(&["search"]),
    )?;
    let ab_test = s.add(
        "maya",
        PLANNING,
        Spec::new(
            Bet,
            "A/B test semantic against keyword ranking on 10% of traffic",
        )
        .score(5, 8, 2, 5)
        .owner("ravi")
        .theme(discovery)
        .under(semantic)
        .labels(&["search", "experiment"])
        .metric("searches that end in add-to-cart"),
    )?;
    s.block(
        "ravi",
        "nothing to test until the index exists",
        ab_test,
        embeddings,
    )?;
    Ok(Bets {
        setup_bet,
        checklist,
        csv_mapping,
        sandbox,
        vault,
        recognise,
        embeddings,
        query_understanding,
        ab_test,
    })
}
