import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { textSubject as subjectFor } from "../../../../../../test/lint-subject.js";
import type { LintSubject } from "../../rule.js";
import { TEXT_RULES } from "./index.js";

const findings = (s: LintSubject) =>
  TEXT_RULES.flatMap((rule) => rule.check(s).map((h) => `${rule.id} ${h.location.line}: ${h.message}`));

/** A clean policy of a fictional shop in the retailer template, wrapped like the FDJ seed. */
const LUMEN = `Privacy Policy
Last updated: 2026-02-01
Lumen Gems wants you to know that your privacy is important to us. Our customers are at the heart of
everything we do, and we strive to ensure your experience with Lumen Gems is one that you will want to
repeat. Any reference to our “Site” includes our Lumen Gems website and mobile applications.
Lumen Gems will occasionally update this Privacy Policy. When a revision is made we will revise the
"last updated" date on this page.
Collection, Use, And Sharing Of Information
· When You Make a Purchase with Us
· When You Contact Our Gem and Ring Consultants via Phone, E-mail, Chat or in
Person
When You Make a Purchase with Us
Categories Of Data We May Collect
· Your full name
· Your e-mail address
How We May Use The Data Collected
· To facilitate our Gem Upgrade Program
· To allow you to use our Design Your Own Ring® tools
Who We May Share Your Data With
· Payment service providers
Consequences Of Not Providing Data
· You will not be eligible for our Gem Upgrade program
· You may not receive Lumen Gems marketing
When You Contact Our Gem and Ring Consultants via Phone, E-mail, Chat or in
Person
Categories Of Data We May Collect
· Recordings of your calls
Tracking Technology
Cookies: A cookie is a small file (see the Interest Based Advertising section below).
Interest Based Advertising: Third parties may use cookies and other technologies to collect information
about your online activities. You may opt out of personalized advertisements from members of the
Network Advertising Initiative or the Digital Advertising Alliance’s Self-Regulatory Principles by
visiting http://www.networkadvertising.org/choices.
Your California Privacy Rights
To exercise your rights, please contact us by sending us an e-mail at privacy@lumen.example, by calling
us toll-free at 1-800-555-0123, or through https://lumen.example/privacy/requests. To opt out of postal
mail promotions, please send us a postal request. You have the right to opt out of sales and sharing at
any time by visiting our Do Not Sell or Share My Personal Information page. We honour the Global
Privacy Control signal.
Data Protection For Individuals Based In The European Economic Area
Your personal information is hosted in the United States, where Lumen Gems, Inc. is based. When it is
transferred outside the EEA to countries for which the European Commission has not issued an adequacy
decision, we use the European Commission Standard Contractual Clauses, a copy of which you can obtain
as indicated in the “Contact Us” section below. Use these links to withdraw your consent:
https://lumen.example/privacy/consent.
Contact Us
Lumen Gems, Inc., 12 Harbour Road, Portland, OR 97201. E-mail: privacy@lumen.example.
`;

describe("the text rules on clean policies", () => {
  it("find nothing in a clean policy in the retailer template", () => {
    const yaml =
      "organization:\n  name: Lumen Gems\n  legal_name: Lumen Gems, Inc.\njurisdictions: [us-ca, eea]\n";
    expect(findings(subjectFor(LUMEN, yaml))).toEqual([]);
  });

  it("find nothing in a notice rendered in Loupe's layout from the Aurora example", () => {
    const map = readFileSync(
      new URL("../../../../../../examples/aurora/loupe.yaml", import.meta.url),
      "utf8",
    );
    expect(findings(subjectFor(AURORA_NOTICE, map, "notice.txt"))).toEqual([]);
  });

  it("find each defect once it is put back", () => {
    const yaml = "organization:\n  name: Lumen Gems\n";
    const broken = LUMEN.replace("Last updated: 2026-02-01", "")
      .replace("Lumen Gems will occasionally", "Northwind Trading will occasionally")
      .replace("“Contact Us” section", "“How To Reach Us” section");
    expect(findings(subjectFor(broken, yaml)).map((f) => f.slice(0, f.indexOf(":")))).toEqual([
      "foreign-organization-name 6",
      "dangling-reference 44",
      "missing-last-updated 7",
    ]);
  });
});

/** The Aurora example as `loupe render` lays it out in text (docs/notice-layout.md), shortened. */
const AURORA_NOTICE = `
Privacy Policy

Last updated: 2026-11-01

Version: sha256:0123456789ab

Aurora Fine Jewelry wants you to know that your privacy is important to us. This notice explains what personal information we collect, why, who we share it with, how long we keep it, and the choices and rights you have.

Contents

• Collection, Use, And Sharing Of Information
• Tracking Technology
• Who Receives Personal Information
• Programmes
• How Long We Keep Your Information
• Your Privacy Rights
• Global Privacy Control
• Contact Us

Collection, Use, And Sharing Of Information

Depending on how you interact with our Site or Services, we may collect, use, and share the following categories of information about you:

• When You Navigate to Our Site
• When You Make a Purchase with Us
• When You Contact Our Diamond and Jewelry Consultants via Phone, E-Mail, Chat, or in Person

When You Navigate to Our Site

Categories Of Data We May Collect

• Information gathered through cookies and other tracking technology
• Device and browser information

How We May Use The Data Collected

• To run essential features on the site
• To offer you personalized content and advertising

Who We May Share Your Data With

• Site optimization service providers
• Interest based advertising partners

Consequences Of Not Providing Data

• The Site may not run correctly

When You Make a Purchase with Us

Categories Of Data We May Collect

• Your full name
• Your e-mail address

How We May Use The Data Collected

• To facilitate our Diamond Upgrade Program
• To facilitate your warranty or other services such as cleanings, repairs, or resizes of your products

Who We May Share Your Data With

• Payment service providers

Consequences Of Not Providing Data

• You will not be eligible for our Diamond Upgrade program

When You Contact Our Diamond and Jewelry Consultants via Phone, E-Mail, Chat, or in Person

Categories Of Data We May Collect

• Recordings of your calls

How We May Use The Data Collected

• To help you complete an order

Who We May Share Your Data With

• Our telecommunications and call recording service providers

Consequences Of Not Providing Data

• None

Tracking Technology

We use cookies for 2 general purposes as follows:

1. Essential Operational: Cookies necessary to operate our Services, such as your account pages and shopping basket.
2. Targeting/advertising: Cookies that tailor and measure advertising, including on other sites.

• session_id — Essential Operational — Aurora Fine Jewelry — session
• _fbp — Targeting/advertising — Meta — 3mo
• _ga — Analytics, Customization and Security — Google — 2y

Who Receives Personal Information

• Payment service providers (service provider)
• Interest based advertising partners (third party; sold; shared for cross-context behavioural advertising)

Programmes

• Lifetime Warranty: Lifetime repairs, cleaning and resizing of jewelry bought from us. If you ask us to delete your data: Once your personal information is removed, we can no longer warranty, clean, repair or resize products you bought.
• Diamond Upgrade Program: Trade in a diamond bought from us for credit toward a larger one. If you ask us to delete your data: Once your personal information is removed, we can no longer upgrade a diamond you bought.

How Long We Keep Your Information

• Your payment information: 7 years from the order date (tax and accounting law)
• Your full name; Your e-mail address: until you ask us to delete it (lifetime warranty and upgrade benefits)

Categories Of Personal Information (California)

• Identifiers — collected: yes — sold or shared: yes — disclosed for a business purpose to: Payment service providers — sources: Directly from you — purposes: To facilitate our Diamond Upgrade Program

Your Privacy Rights

California Consumer Privacy Act, as amended by the CPRA: if you live in California you have these rights.

• Right to know: what personal information we collect, use, disclose, sell and share (https://aurora-jewelry.example/privacy-centre/know)
• Right to correct: that we correct inaccurate personal information (https://aurora-jewelry.example/privacy-centre/correct)
• Right to opt out of sale: that we do not sell your personal information
• Shine the Light: once a year, free, which third parties received your data for their own direct marketing

How To Exercise Your Rights

You can send a request by e-mail to privacy@aurora-jewelry.example, by calling us toll-free at 1-800-555-0199, or through our web form. We will verify your identity by matching information you give us with information we hold. You can use an authorised agent.

Appeals

If we refuse your request, you can ask us to review our decision by replying to our answer. If you are not satisfied, you can contact the Attorney General of your state.

Global Privacy Control

We honour the Global Privacy Control signal as a request to opt out of the sale and sharing of your personal information for the browser and any profile linked to it. We do not respond to Do Not Track signals.

Children

We do not knowingly collect personal information from children under the age of 13. If we learn that we have collected personal information from a child under the age of 13, we will delete it. We do not sell or share the personal information of consumers under the age of 16.

International Transfers

Your personal information is hosted in the United States.

• European Commission Standard Contractual Clauses

• To facilitate our Diamond Upgrade Program: Performance of a contract (Art. 6(1)(b))

Security

We use a combination of physical and electronic security technologies, procedures, and organizational measures to help protect your personal information from unauthorized access, use or disclosure.

Contact Us

• E-mail: privacy@aurora-jewelry.example
• Phone: 415-555-0142
• Toll-free: 1-800-555-0199
• Address: 100 Market Street, San Francisco, CA 94105, United States
• Web form: https://aurora-jewelry.example/privacy-centre/requests

Aurora Fine Jewelry, Inc.
`;
