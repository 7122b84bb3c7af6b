//! Weeks five to two: the first incidents and their post-mortems, a policy change
//! they led to, a refinement meeting, and a customer call that moved a score.

use super::planning::Plan;
use super::script::{add_criteria, Script, Spec};
use crate::domain::Lane::{Feature, Stability};
use crate::domain::{Horizon, Severity, StatusChange};
use crate::store::Result;

pub(super) fn play(s: &mut Script<'_>, p: &Plan) -> Result<()> {
    s.day(36)?;
    s.add(
        "maya",
        "came up in 3 of the last 10 merchant interviews",
        Spec::inbox("Sell through social video apps (several merchants asked)"),
    )?;

    let (outage, rotation) = certificate_outage(s, p)?;
    let alert = flash_sale(s, p, outage)?;

    s.day(24)?;
    s.meet(
        "tomas",
        rotation,
        &["No certificate", "Chain checked", "Alert on"],
    )?;
    s.finish(
        "tomas",
        "the chain check now runs on every deploy",
        rotation,
    )?;
    s.pin(
        "maya",
        "Leadership committed to the onboarding bet for this quarter; keep it in next whatever \
         its score says",
        p.bets.setup_bet,
        Horizon::Next,
    )?;
    s.edit(
        "maya",
        "It extends the price lists we already have: a feature, not a new capability",
        p.features.wholesale,
        |i| i.lane = Some(Feature),
    )?;
    s.edit(
        "maya",
        "Estimation round: ravi 8, ana 13, jon 8; spread flagged, agreed 8 after moving unit \
         parsing to its own milestone",
        p.bets.query_understanding,
        |i| i.effort = Some(8),
    )?;
    s.edit(
        "maya",
        "refinement: criteria agreed with design",
        p.bets.csv_mapping,
        |i| {
            add_criteria(
                i,
                &[
                    "Columns are matched by name and the merchant can fix any match by hand",
                    "A file with errors lists every bad row and imports nothing until fixed",
                ],
            );
        },
    )?;

    s.day(22)?;
    s.meet("ana", alert, &["Alert within"])?;
    s.finish("ana", "", alert)?;

    password_reset(s)?;
    s.add(
        "maya",
        "",
        Spec::inbox("Loyalty points per shop, redeemable at checkout")
            .value(5)
            .labels(&["idea"]),
    )?;

    s.day(18)?;
    s.edit(
        "priya",
        "Call with a 40-shop merchant group: they edit about 3,000 prices by hand every season \
         and named this as the reason to look elsewhere at renewal",
        p.features.bulk_prices,
        |i| {
            i.value = Some(13);
            add_criteria(
                i,
                &[
                    "Change prices of a filtered product list by a percentage or an amount",
                    "Preview shows old and new price before applying",
                    "One undo for the whole batch",
                ],
            );
        },
    )?;

    refinement(s, p)?;

    s.day(16)?;
    let gift_card = s.add(
        "priya",
        "2 tickets from Swiss merchants",
        Spec::fix(
            Severity::S3,
            "enterprise EU",
            "Gift card balance shows the wrong currency symbol",
        )
        .score(2, 2, 1, 1)
        .owner("jon")
        .labels(&["gift-cards", "i18n"]),
    )?;
    s.start("jon", p.features.order_notes)?;
    s.day(15)?;
    s.start("jon", gift_card)?;
    s.finish("jon", "one-line fix in the currency formatter", gift_card)?;
    s.day(14)?;
    s.meet("jon", p.features.order_notes, &["Notes longer"])?;
    s.finish("jon", "shipped to all merchants", p.features.order_notes)?;

    s.day(13)?;
    s.status(
        "maya",
        "11 requests in a year, mostly from our own staff; theming the dashboard costs about \
         two sprints. Revisit with the design-system rework",
        p.features.dark_mode,
        &StatusChange::Decline { duplicate_of: None },
    )?;
    Ok(())
}

/// A refinement meeting: what is coming up gets sharper criteria and notes.
fn refinement(s: &mut Script<'_>, p: &Plan) -> Result<()> {
    s.day(17)?;
    s.edit(
        "ravi",
        "refinement: limits per plan agreed with sales",
        p.rate_limit,
        |i| {
            add_criteria(
                i,
                &["Limits follow the merchant's plan: 10, 40 and 100 requests a second"],
            );
        },
    )?;
    s.edit("jon", "refinement", p.bets.sandbox, |i| {
        add_criteria(
            i,
            &["The test order shows in the order list marked TEST and can be deleted"],
        );
    })?;
    s.edit(
        "tomas",
        "refinement: notes from the call with the payment provider",
        p.bets.vault,
        |i| {
            i.description = Some(
                "Use the provider's hosted vault: card data never reaches our servers, so our \
                 PCI scope stays at the simplest self-assessment level.\n\n\
                 Open question: tokens are per provider account; shops on their own account \
                 cannot share a shopper's token."
                    .to_string(),
            );
        },
    )?;
    s.edit("sam", "refinement", p.features.webhook_retries, |i| {
        add_criteria(
            i,
            &["Each delivery carries an id so merchants can drop repeats"],
        );
    })?;
    s.edit(
        "ana",
        "refinement: the metric the A/B test will read",
        p.features.autocomplete,
        |i| {
            i.metric = Some("time from cart to payment on mobile (median 2 min 40 s)".to_string());
        },
    )?;
    s.edit("ana", "refinement", p.bets.recognise, |i| {
        add_criteria(
            i,
            &["A shopper can forget this device from the email, in one click"],
        );
    })?;
    s.edit(
        "ravi",
        "refinement: add a guardrail so relevance cannot win by hurting revenue",
        p.bets.ab_test,
        |i| {
            i.metric =
                Some("searches that end in add-to-cart; guardrail: revenue per search".to_string());
        },
    )?;
    s.edit(
        "jon",
        "fails 1 run in 8 since the CI runner upgrade; people re-run instead of reading failures",
        p.flaky_test,
        |i| i.impact = Some(5),
    )?;
    Ok(())
}

/// An S1 fixed within the hour, its post-mortem, and the stability work it led to.
fn certificate_outage(s: &mut Script<'_>, p: &Plan) -> Result<(i64, i64)> {
    s.day(33)?;
    let outage = s.add(
        "priya",
        "30 merchant tickets in 20 minutes",
        Spec::fix(
            Severity::S1,
            "all shoppers",
            "Checkout fails with TLS errors on older Android browsers",
        )
        .score(20, 20, 13, 2)
        .owner("tomas")
        .labels(&["checkout", "incident", "tls"])
        .workaround("None: affected shoppers cannot pay")
        .describe(
            "Since this morning's certificate renewal, shoppers on Android 7–9 browsers \
             get a certificate error on the checkout domain. Storefront pages are fine.",
        ),
    )?;
    s.start("tomas", outage)?;
    s.wait(31);
    s.finish(
        "tomas",
        "full certificate chain redeployed 38 minutes after the first report; TLS errors \
         back to baseline",
        outage,
    )?;
    s.day(32)?;
    s.postmortem(
        "tomas",
        outage,
        "The checkout certificate was renewed by hand and deployed without the intermediate \
         certificate; newer browsers fetched it themselves, older Android ones refused the \
         connection. 38 minutes of failed checkouts for those shoppers.",
        "Certificates now rotate only through the deploy pipeline, which checks the full chain \
         against a matrix of old devices; an alert fires when TLS handshake errors pass 1%.",
    )?;
    let rotation = s.add(
        "tomas",
        &format!("prevention from the post-mortem of #{outage}"),
        Spec::new(
            Stability,
            "Rotate TLS certificates through the pipeline, with a chain check",
        )
        .score(5, 8, 13, 3)
        .owner("tomas")
        .theme(p.trust)
        .labels(&["incident-follow-up", "tls"])
        .criteria(&[
            "No certificate can be deployed by hand",
            "Chain checked against Android 7, iOS 12 and two desktop browsers",
            "Alert on TLS handshake errors above 1%",
        ]),
    )?;
    s.day(30)?;
    s.start("tomas", rotation)?;
    Ok((outage, rotation))
}

/// An S2 during a flash sale, whose post-mortem led the team to weight risk higher.
fn flash_sale(s: &mut Script<'_>, p: &Plan, outage: i64) -> Result<i64> {
    s.day(28)?;
    let oversold = s.add(
        "priya",
        "merchant escalated: 140 orders for stock they do not have",
        Spec::fix(
            Severity::S2,
            "enterprise EU",
            "Limited drop oversold by 140 units during a flash sale",
        )
        .score(13, 8, 13, 3)
        .owner("ana")
        .labels(&["incident", "inventory"])
        .workaround("The merchant cancels and refunds the oversold orders from the order list")
        .metric("oversold units per sale"),
    )?;
    s.start("ana", oversold)?;
    s.day(27)?;
    s.finish(
        "ana",
        "reservations now wait for the provider's final answer",
        oversold,
    )?;
    s.day(26)?;
    s.postmortem(
        "ana",
        oversold,
        "Stock reservations were released when a payment timed out after 60 seconds; under \
         sale load the provider confirmed many of those payments later, so the same units were \
         sold again.",
        "Reservations are held until the provider's final state; a reconciliation job runs \
         every 5 minutes, and an alert fires when any variant's stock goes below zero.",
    )?;
    let alert = s.add(
        "ana",
        &format!("prevention from the post-mortem of #{oversold}"),
        Spec::new(Stability, "Alert when a variant's stock goes below zero")
            .score(3, 5, 8, 1)
            .owner("ana")
            .theme(p.trust)
            .labels(&["incident-follow-up", "inventory"])
            .criteria(&["Alert within 5 minutes, naming the shop and the variant"]),
    )?;
    s.policy(
        "tomas",
        &format!(
            "Two incidents in a month (#{outage}, #{oversold}) came from risks we had scored low, \
             and reliability work kept sliding to later. Weight risk 1.5 for this quarter"
        ),
        "weight.risk",
        "1.5",
    )?;
    s.day(25)?;
    s.start("ana", alert)?;
    Ok(alert)
}

/// An S2 that hit shoppers west of UTC.
fn password_reset(s: &mut Script<'_>) -> Result<()> {
    s.day(21)?;
    let reset = s.add(
        "priya",
        "18 tickets overnight, all from the Americas",
        Spec::fix(
            Severity::S2,
            "self-serve web",
            "Password-reset links expire at once for shoppers west of UTC",
        )
        .score(8, 8, 5, 2)
        .owner("jon")
        .labels(&["auth", "time-zones"])
        .workaround("Support sets a temporary password on request"),
    )?;
    s.start("jon", reset)?;
    s.day(20)?;
    s.finish("jon", "", reset)?;
    s.day(19)?;
    s.postmortem(
        "jon",
        reset,
        "The expiry time was built as a local time and compared with a UTC timestamp, so in \
         UTC−5 a link expired five hours before it was sent.",
        "Timestamps are UTC end to end in the auth service, with a lint against naive \
         date-times; the reset flow is tested in three time zones.",
    )?;
    Ok(())
}
