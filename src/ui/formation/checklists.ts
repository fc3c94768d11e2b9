/**
 * The formation checklists: every word the Checklist screen shows, in one place, so a person
 * who knows better can correct a fee or add a form without touching a screen. No network: the
 * app never fetches any of this. Costs are approximate and dated; say so when you change one.
 *
 * `papers` names what the pool's own records supply for a step (the kit links to each):
 *   register    — the member register (every member, joined/left, buy-in, signed acceptance)
 *   agreement   — the operating agreement / bylaws with the signature page
 *   resolutions — the decision record (every confirmed result with its tally)
 *   ledger      — the ledger export (every contribution, payout and refund)
 */
export type PaperKind = "register" | "agreement" | "resolutions" | "ledger";

export interface FormationStep {
  title: string;
  detail: string;
  /** Approximate cost, with the year the figure was checked. */
  cost?: { text: string; asOf: number };
  papers?: PaperKind[];
}

export interface FormationPath {
  id: string;
  title: string;
  /** Who it suits, in one sentence. */
  summary: string;
  /** The whole path's rough cost, with the year. */
  cost: { text: string; asOf: number };
  steps: FormationStep[];
  /** Plain warnings shown above the steps. */
  warnings: string[];
}

/** Shown on every path: this is a list to take to someone qualified, not advice. */
export const NOT_LEGAL_ADVICE =
  "This is not legal, tax or financial advice. It is a starting list, written for people who are not lawyers, and laws, fees and forms change. Before you file anything or sign for a bank, check with the registrar and, ideally, a lawyer or accountant who knows co-ops where you are.";

export const FORMATION_PATHS: FormationPath[] = [
  {
    id: "us-llc",
    title: "US: an LLC taxed as a partnership, with a co-op operating agreement",
    summary:
      "For a US group that wants limited liability and a bank account in its own name, run one member, one vote. Form it in Delaware or in the state where the group lives.",
    cost: {
      text: "About $50–$500 to file, plus yearly fees ($300 Delaware franchise tax; $0–$800 elsewhere) and a registered agent if you form outside your state",
      asOf: 2025,
    },
    warnings: [
      "Forming in Delaware while the group lives elsewhere usually means also registering in your own state (a second fee and a second yearly report). For a local group, your own state is usually simpler.",
      "An LLC with two or more members is taxed as a partnership by default: it files a yearly partnership return (IRS Form 1065) and gives each member a Schedule K-1, even when it makes no profit.",
      "Some states charge a high yearly fee for every LLC (California's $800 minimum franchise tax is the best known).",
    ],
    steps: [
      {
        title: "Agree as a group to form the LLC",
        detail:
          "Pass a decision proposal such as “We form an LLC in [state] named [name], and [names] may sign the filings and open the bank account.” Its confirmed result is the resolution a bank asks for.",
        papers: ["resolutions"],
      },
      {
        title: "Check the name is free",
        detail:
          "Search the state's business-entity register. The name must end in “LLC” (or “Limited Liability Company”).",
      },
      {
        title: "Choose a registered agent",
        detail:
          "A person or company with an address in the state of formation who accepts legal papers. A member can do it in their own state; commercial agents charge a yearly fee.",
        cost: { text: "$0 (a member) or about $50–$300 a year", asOf: 2025 },
      },
      {
        title: "File the certificate (or articles) of organization",
        detail:
          "Online with the Secretary of State. It names the LLC, its registered agent and, in some states, its organizers or managers.",
        cost: { text: "Delaware $110; most states $50–$200; a few up to $500", asOf: 2025 },
      },
      {
        title: "Adopt the operating agreement",
        detail:
          "The kit's agreement sets out one member, one vote, how money is spent and confirmed, leaving, refunds and dissolution, with each member's signed acceptance. Have a lawyer adapt it to your state's LLC act (for example, state that the LLC is member-managed and that members' capital accounts follow the ledger).",
        papers: ["agreement", "register"],
      },
      {
        title: "Get an EIN from the IRS",
        detail: "Free, online, the same day. The LLC needs it for the bank and for taxes.",
        cost: { text: "Free", asOf: 2025 },
      },
      {
        title: "Check beneficial-ownership reporting",
        detail:
          "In March 2025 FinCEN exempted companies formed in the US from beneficial-ownership (BOI) reports. Check whether that is still so when you form.",
      },
      {
        title: "Open the bank account",
        detail:
          "Banks usually ask for the filed certificate, the EIN letter, the operating agreement, a resolution naming who may sign, and each signer's ID.",
        papers: ["agreement", "resolutions", "register"],
      },
      {
        title: "Keep the books and file each year",
        detail:
          "The state's yearly report or tax, and the partnership return with a K-1 for each member. The ledger export and the register give an accountant what they need.",
        cost: { text: "Delaware $300 a year; other states $0–$800; an accountant often $500+", asOf: 2025 },
        papers: ["ledger", "register"],
      },
    ],
  },
  {
    id: "us-lca",
    title: "US: a cooperative association (e.g. Colorado's Limited Cooperative Association)",
    summary:
      "For a US group that wants a legal co-op form: some states have one open to any purpose, such as Colorado's Limited Cooperative Association (LCA); Minnesota (chapter 308B), Wisconsin (chapter 193) and Iowa (chapter 501A) have similar laws.",
    cost: { text: "About $50 to file in Colorado, plus a small yearly report fee", asOf: 2025 },
    warnings: [
      "These laws differ from state to state (minimum number of members, investor members, how votes and profits are shared). Read your state's act or ask a co-op development centre.",
      "Taxes: an LCA is usually taxed like a partnership unless it chooses otherwise; cooperative tax treatment (Subchapter T) is a question for an accountant.",
      "Forming in another state's co-op law while operating at home also means registering in your home state.",
    ],
    steps: [
      {
        title: "Agree as a group to form the association",
        detail:
          "Pass a decision proposal naming the form, the state, the name, and who may sign. Its confirmed result is your resolution.",
        papers: ["resolutions"],
      },
      {
        title: "Read the statute's requirements",
        detail:
          "For Colorado: the Colorado Uniform Limited Cooperative Association Act (C.R.S. title 7, article 58). Note the minimum number of members, and whether you want investor members at all (a pool of equals usually does not).",
      },
      {
        title: "File the articles of organization",
        detail:
          "With the Secretary of State (online in Colorado). They name the association, its principal office and its registered agent.",
        cost: { text: "Colorado about $50", asOf: 2025 },
      },
      {
        title: "Adopt the bylaws",
        detail:
          "The kit's agreement is the starting point: one member, one vote, money, leaving, refunds and dissolution, with each member's signed acceptance. Have it adapted to the act's required contents.",
        papers: ["agreement", "register"],
      },
      {
        title: "Keep the member register",
        detail:
          "Co-op laws require a list of members with when they joined and what they paid in. The kit's register is that list.",
        papers: ["register"],
      },
      {
        title: "Get an EIN and open the bank account",
        detail:
          "The EIN is free from the IRS. The bank asks for the filed articles, the bylaws, a resolution naming signers, and IDs.",
        cost: { text: "Free (EIN)", asOf: 2025 },
        papers: ["agreement", "resolutions"],
      },
      {
        title: "File the yearly report and taxes",
        detail: "A periodic report to the Secretary of State, and the association's tax return.",
        cost: { text: "Colorado periodic report about $10–$25 a year", asOf: 2025 },
        papers: ["ledger", "register"],
      },
    ],
  },
  {
    id: "uk-cbs",
    title: "UK: a Community Benefit Society",
    summary:
      "For a UK group whose purpose serves a wider community (not only its own members), registered with the Financial Conduct Authority (FCA) under the Co-operative and Community Benefit Societies Act 2014.",
    cost: {
      text: "FCA registration about £40 (a sponsoring body's model rules unchanged) up to £950 (your own rules), plus the sponsoring body's fee and a yearly return",
      asOf: 2025,
    },
    warnings: [
      "A Community Benefit Society must exist to benefit the community. A group run mainly for its own members' benefit is usually a co-operative society instead (registered the same way, under the same Act).",
      "A society needs at least three members (or two societies).",
      "Using a sponsoring body's model rules (e.g. Co-operatives UK) is cheaper and faster; your own rules cost more and take longer to approve.",
    ],
    steps: [
      {
        title: "Agree as a group to register a society",
        detail:
          "Pass a decision proposal naming the form, the name, the sponsoring body (if any) and the three or more founding members. Its confirmed result is your resolution.",
        papers: ["resolutions"],
      },
      {
        title: "Choose model rules or write your own",
        detail:
          "Compare the sponsoring body's model rules with the kit's agreement: carry over one member, one vote, how money is spent and confirmed, leaving, refunds, and dissolution (a CBS may lock its assets, so what is left goes to another body with a similar purpose, not to members).",
        papers: ["agreement"],
      },
      {
        title: "Apply to the FCA",
        detail: "Online, with the rules, the founding members' details and the society's purpose.",
        cost: { text: "About £40–£950 depending on the rules", asOf: 2025 },
        papers: ["register"],
      },
      {
        title: "Keep the register of members",
        detail:
          "Societies must keep a register of members and officers. The kit's register gives names, dates and what each paid in.",
        papers: ["register"],
      },
      {
        title: "Register for tax and open the bank account",
        detail:
          "Tell HMRC about the society (Corporation Tax). The bank asks for the registration, the rules, minutes naming signers, and IDs.",
        papers: ["resolutions", "agreement"],
      },
      {
        title: "Send the FCA its annual return with accounts",
        detail: "Every year, with the society's accounts. The ledger export is where the accountant starts.",
        cost: {
          text: "FCA periodic fee depends on the society's assets (often tens of pounds for a small one)",
          asOf: 2025,
        },
        papers: ["ledger"],
      },
    ],
  },
  {
    id: "unincorporated",
    title: "Stay an unincorporated association",
    summary:
      "For a small group that only collects and spends a little money together: no filing at all. Pools already gives you a written constitution, a member list and minutes.",
    cost: { text: "Nothing to file", asOf: 2025 },
    warnings: [
      "An unincorporated group is not a legal person: the members who sign contracts or hold the money can be personally liable for the group's debts.",
      "The account is usually in one or two members' names, or a “club” or “community” account that some banks offer. Choose signers the group trusts and record the choice as a resolution.",
      "Tax can still apply: in the US such a group may need an EIN and a tax return; in the UK, HMRC may treat a club with taxable income as liable for Corporation Tax.",
    ],
    steps: [
      {
        title: "Adopt the agreement as the group's constitution",
        detail:
          "The kit's agreement and its signature page are a written constitution that every member accepted with their own key.",
        papers: ["agreement", "register"],
      },
      {
        title: "Resolve who holds the money and who signs",
        detail:
          "Pass a decision proposal naming the account holders or signers. Its confirmed result is the minute a bank asks for.",
        papers: ["resolutions"],
      },
      {
        title: "Open a club or community account (optional)",
        detail:
          "Bring the constitution, the resolution naming signers, the member list and IDs. In the US the bank will usually ask for an EIN (free from the IRS).",
        cost: { text: "Usually free; some banks charge a monthly fee", asOf: 2025 },
        papers: ["agreement", "resolutions", "register"],
      },
      {
        title: "Keep the ledger matching the real money",
        detail:
          "Record every contribution and payout and have another member confirm it. Export the ledger when anyone asks.",
        papers: ["ledger"],
      },
      {
        title: "Revisit this when the group grows",
        detail:
          "Once the group holds more money than its members would want to be personally responsible for, or signs leases or hires people, choose one of the other forms.",
      },
    ],
  },
];
