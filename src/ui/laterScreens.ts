/**
 * Every screen but the first ones (home, first run, join): one chunk the app loads with
 * `import()` (App.tsx), so a phone's first visit downloads and runs only what it shows first.
 */
export { Audit } from "./screens/Audit.tsx";
export { Bylaws } from "./screens/Bylaws.tsx";
export { FloodLinkScreen } from "./screens/floods/FloodLink.tsx";
export { FloodMembers } from "./screens/floods/FloodMembers.tsx";
export { FloodOverview } from "./screens/floods/FloodOverview.tsx";
export { JoinFlood, LeaveFlood } from "./screens/floods/JoinFlood.tsx";
export { StartFlood } from "./screens/floods/StartFlood.tsx";
export { KeyBackup } from "./screens/KeyBackup.tsx";
export { Ledger } from "./screens/Ledger.tsx";
export { Members } from "./screens/Members.tsx";
export { More } from "./screens/More.tsx";
export { CollectBallotsScreen } from "./screens/meetup/CollectBallotsScreen.tsx";
export { MeetingView } from "./screens/meetup/MeetingView.tsx";
export { NewProposal } from "./screens/NewProposal.tsx";
export { PoolOverview } from "./screens/PoolOverview.tsx";
export { ProposalDetail } from "./screens/ProposalDetail.tsx";
export { Proposals } from "./screens/Proposals.tsx";
export { PapersRoute } from "./screens/papers/PapersRoute.tsx";
export { Rules } from "./screens/Rules.tsx";
export { RoundScreen } from "./screens/rounds/RoundScreen.tsx";
export { Settings } from "./screens/Settings.tsx";
