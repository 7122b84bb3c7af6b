//! The last two weeks: work under way, a fix that did not hold, and the hot fixes
//! still open today, due around now.

use super::planning::Plan;
use super::script::{Script, Spec};
use crate::domain::Lane::Stability;
use crate::domain::{Horizon, Severity, StatusChange};
use crate::store::Result;

pub(super) fn play(s: &mut Script<'_>, p: &Plan) -> Result<()> {
    s.day(12)?;
    let export = s.add(
        "priya",
        "4 tickets from merchants in Germany and Switzerland",
        Spec::fix(
            Severity::S3,
            "enterprise EU",
            "Product CSV export drops variants with accented names",
        )
        .score(5, 3, 3, 2)
        .owner("sam")
        .labels(&["export", "i18n"])
        .workaround("Export through the API, or rename the variants without accents")
        .criteria(&["Export round-trips names in any script (test file with é, ü, ø, ł, ç, 日本)"]),
    )?;
    s.start("sam", export)?;
    s.day(11)?;
    s.add(
        "priya",
        "support ticket; merchant is stuck with an angry shopper",
        Spec::inbox("Refund button greyed out for partly shipped orders")
            .value(8)
            .segment("self-serve web")
            .labels(&["refunds", "support"]),
    )?;
    s.day(10)?;
    s.start("ana", p.features.guest_checkout)?;

    s.day(9)?;
    s.add(
        "priya",
        "merchants compare it with their bank statements and ask why they differ",
        Spec::fix(
            Severity::S3,
            "self-serve web",
            "Sales dashboard counts yesterday's orders in UTC, not the shop's time zone",
        )
        .score(3, 3, 2, 2)
        .owner("lee")
        .labels(&["dashboard", "time-zones"])
        .workaround("Use the order list filtered by date; it uses the shop's time zone"),
    )?;
    s.start("jon", p.bets.checklist)?;
    s.day(8)?;
    s.finish(
        "sam",
        "export now writes UTF-8 with a byte-order mark",
        export,
    )?;
    s.start("lee", p.features.filter_orders)?;
    s.day(7)?;
    s.start("ravi", p.bets.embeddings)?;
    s.day(6)?;
    s.status(
        "priya",
        "Still fails for 'ü' and 'ø': merchants in Zurich and Oslo sent new files; the fix \
         only covered é and è",
        export,
        &StatusChange::Reopen,
    )?;
    s.add(
        "jon",
        "",
        Spec::fix(
            Severity::S4,
            "self-serve web",
            "Prices misaligned on product cards at 125% browser zoom",
        )
        .score(1, 1, 1, 2)
        .labels(&["css", "storefront"]),
    )?;
    s.add(
        "jon",
        "noticed while profiling the checkout on a mid-range phone",
        Spec::inbox("Checkout page loads 3 MB of web fonts on mobile")
            .effort(2)
            .labels(&["mobile", "performance"]),
    )?;
    s.meet("lee", p.features.filter_orders, &["Filters:"])?;

    email_delays(s, p)?;
    wallet_sheet(s, p)?;

    s.day(2)?;
    s.pin(
        "maya",
        "Zero-result rate is 14% on mobile; ship this before the semantic-search bet so its \
         A/B test has an honest baseline",
        p.features.did_you_mean,
        Horizon::Now,
    )?;
    s.add(
        "maya",
        "Sales: two enterprise EU prospects require SAML before they sign",
        Spec::inbox("Single sign-on (SAML) for enterprise merchant staff")
            .segment("enterprise EU")
            .labels(&["enterprise", "security"]),
    )?;
    s.meet("jon", p.bets.checklist, &["Five steps"])?;

    s.day(1)?;
    let payouts = s.add(
        "priya",
        "finance: no EU payout has settled since yesterday's provider upgrade; 212 merchants \
         waiting",
        Spec::fix(
            Severity::S1,
            "enterprise EU",
            "EU payouts stuck in 'pending' since the payout provider's API upgrade",
        )
        .score(20, 20, 13, 5)
        .owner("tomas")
        .theme(p.trust)
        .labels(&["incident", "payouts"])
        .metric("merchants with a payout older than 2 days")
        .workaround(
            "Finance releases payouts by hand in the admin console (Payouts → Release), \
             about 5 minutes per merchant",
        )
        .describe(
            "The provider moved SEPA payouts to API v3. Our client still sends the v2 \
             `value_date` field, which v3 ignores; payouts wait for a date that never \
             comes.",
        )
        .met(&["Cause confirmed with the provider's support"])
        .criteria(&[
            "Payouts send `execution_date`",
            "Stuck payouts backfilled; none older than 2 days",
        ]),
    )?;
    s.start("tomas", payouts)?;
    s.add(
        "tomas",
        &format!(
            "payouts had no runbook: during #{payouts} finance had to phone an engineer at 7 am"
        ),
        Spec::new(Stability, "Payouts runbook and on-call dashboard")
            .score(3, 5, 8, 2)
            .owner("ana")
            .theme(p.trust)
            .labels(&["on-call", "payouts"])
            .criteria(&[
                "Runbook covers stuck, failed and duplicated payouts",
                "Dashboard: payouts by state and age, per provider",
            ]),
    )?;
    s.add(
        "priya",
        "7 shoppers charged too little; merchants want the orders fixed",
        Spec::fix(
            Severity::S2,
            "self-serve mobile",
            "Discount code applied twice when a shopper double-taps Apply on Android",
        )
        .score(8, 8, 8, 2)
        .owner("lee")
        .labels(&["android", "discounts"])
        .workaround(
            "Merchants can turn off discount stacking in Settings → Discounts until the fix ships",
        )
        .criteria(&[
            "A second tap within 2 seconds is ignored",
            "The server refuses the same code twice on one cart",
        ]),
    )?;

    s.day(0)?;
    s.add(
        "priya",
        "a wholesale merchant's buyers search by part number",
        Spec::fix(
            Severity::S2,
            "enterprise B2B",
            "Search finds nothing for SKUs that contain a slash",
        )
        .score(8, 5, 3, 2)
        .owner("ravi")
        .theme(p.discovery)
        .labels(&["b2b", "search"])
        .workaround("Search for the part of the SKU before the slash"),
    )?;
    Ok(())
}

/// An S2 caused by a stability item the team already knew about.
fn email_delays(s: &mut Script<'_>, p: &Plan) -> Result<()> {
    s.day(5)?;
    let emails = s.add(
        "priya",
        "shoppers think their order failed and order again",
        Spec::fix(
            Severity::S2,
            "all merchants",
            "Order confirmation emails arrive up to 40 minutes late",
        )
        .score(8, 8, 8, 2)
        .owner("ana")
        .labels(&["email"])
        .workaround(
            "Shoppers see the order in their account at once; support can resend the \
             email from the order page",
        ),
    )?;
    s.edit(
        "tomas",
        &format!(
            "#{emails} comes from this: a 50k-row export held every shared worker for 40 minutes"
        ),
        p.email_queue,
        |i| (i.value, i.impact, i.risk) = (Some(8), Some(8), Some(13)),
    )?;
    s.block(
        "tomas",
        "the delay goes away once emails have their own queue",
        emails,
        p.email_queue,
    )?;
    s.start("ana", p.email_queue)?;
    Ok(())
}

/// An S2 on mobile, reported twice: the second report is declined as a duplicate.
fn wallet_sheet(s: &mut Script<'_>, p: &Plan) -> Result<()> {
    s.day(4)?;
    let wallet = s.add(
        "priya",
        "checkout conversion on iOS dropped from 2.3% to 1.6% overnight",
        Spec::fix(
            Severity::S2,
            "self-serve mobile",
            "Wallet payment sheet does not open in iOS Safari after the 17.4 update",
        )
        .score(13, 13, 5, 3)
        .owner("jon")
        .theme(p.checkout)
        .labels(&["ios", "mobile", "payments"])
        .metric("mobile checkout conversion")
        .workaround("Shoppers can pay by card; the card form is not affected")
        .criteria(&[
            "Sheet opens on iOS 17.4 and 17.5",
            "Regression test on the device farm",
        ]),
    )?;
    s.start("jon", wallet)?;
    s.day(3)?;
    let duplicate = s.add(
        "priya",
        "from the mobile support inbox",
        Spec::fix(
            Severity::S2,
            "self-serve mobile",
            "Wallet button does nothing on iPhone",
        )
        .labels(&["ios", "payments"]),
    )?;
    s.status(
        "jon",
        &format!(
            "Same bug as #{wallet} (wallet sheet on iOS 17.4); its 6 tickets are linked there"
        ),
        duplicate,
        &StatusChange::Decline {
            duplicate_of: Some(wallet),
        },
    )?;
    s.add(
        "priya",
        "a Swiss merchant's accountant flagged it",
        Spec::fix(
            Severity::S3,
            "enterprise EU",
            "Swiss invoices show 0.00 VAT on orders under CHF 10",
        )
        .score(5, 5, 5, 2)
        .owner("ravi")
        .labels(&["invoices", "tax"])
        .workaround("Re-issue the invoice from the order page; the re-issued one is correct"),
    )?;
    s.edit(
        "maya",
        "ana is on guest checkout until it ships",
        p.features.delivery_estimate,
        |i| {
            i.owner = Some("sam".into());
        },
    )?;
    s.meet("ana", p.features.guest_checkout, &["Guest can pay"])?;
    Ok(())
}
