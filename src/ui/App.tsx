import { Match, Switch } from "solid-js";
import type { AppState } from "../state/app.ts";
import { UpdatePrompt } from "./components/UpdatePrompt.tsx";
import { route } from "./router.ts";
import { Audit } from "./screens/Audit.tsx";
import { Bylaws } from "./screens/Bylaws.tsx";
import { FirstRun } from "./screens/FirstRun.tsx";
import { FloodLinkScreen } from "./screens/floods/FloodLink.tsx";
import { FloodMembers } from "./screens/floods/FloodMembers.tsx";
import { FloodOverview } from "./screens/floods/FloodOverview.tsx";
import { JoinFlood, LeaveFlood } from "./screens/floods/JoinFlood.tsx";
import { StartFlood } from "./screens/floods/StartFlood.tsx";
import { Home } from "./screens/Home.tsx";
import { Join } from "./screens/Join.tsx";
import { KeyBackup } from "./screens/KeyBackup.tsx";
import { Ledger } from "./screens/Ledger.tsx";
import { Members } from "./screens/Members.tsx";
import { More } from "./screens/More.tsx";
import { CollectBallotsScreen } from "./screens/meetup/CollectBallotsScreen.tsx";
import { MeetingView } from "./screens/meetup/MeetingView.tsx";
import { NewProposal } from "./screens/NewProposal.tsx";
import { PoolOverview } from "./screens/PoolOverview.tsx";
import { ProposalDetail } from "./screens/ProposalDetail.tsx";
import { Proposals } from "./screens/Proposals.tsx";
import { PapersRoute } from "./screens/papers/PapersRoute.tsx";
import { Rules } from "./screens/Rules.tsx";
import { RoundScreen } from "./screens/rounds/RoundScreen.tsx";
import { Settings } from "./screens/Settings.tsx";

/** Routes: `#/`, `#/join?...`, `#/backup`, `#/settings`, `#/pool/<id>[/section[/...]]`. */
export function App(props: { app: AppState }) {
  const app = props.app;
  const path = () => route().path;
  const poolId = () => path()[1] ?? "";
  const section = () => path()[2] ?? "";
  return (
    <>
      <Switch fallback={<Home app={app} />}>
        <Match when={app.phase() === "booting"}>
          <p class="boot" role="status">
            Opening Pools…
          </p>
        </Match>
        <Match when={app.phase() === "failed"}>
          <main>
            <h1>Pools could not start</h1>
            <p>This browser could not open the app's storage: {app.bootError()}</p>
            <p>Private browsing modes sometimes block it. Try a normal window.</p>
          </main>
        </Match>
        <Match when={!app.me()}>
          <FirstRun app={app} then={path()[0] === "join" ? route().hash : undefined} />
        </Match>
        <Match when={path()[0] === "join"}>
          <Join app={app} />
        </Match>
        <Match when={path()[0] === "flood"}>
          <FloodLinkScreen app={app} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "" && app.floods.isFlood(poolId())}>
          <FloodOverview app={app} poolId={poolId()} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "members" && app.floods.isFlood(poolId())}>
          <FloodMembers app={app} poolId={poolId()} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "start-flood"}>
          <StartFlood app={app} poolId={poolId()} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "join-flood"}>
          <JoinFlood app={app} poolId={poolId()} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "leave-flood"}>
          <LeaveFlood app={app} poolId={poolId()} floodId={path()[3] ?? ""} />
        </Match>
        <Match when={path()[0] === "backup"}>
          <KeyBackup app={app} />
        </Match>
        <Match when={path()[0] === "settings"}>
          <Settings app={app} />
        </Match>
        <Match when={path()[0] === "pool" && section() === ""}>
          <PoolOverview app={app} poolId={poolId()} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "proposals" && path()[3] === "new"}>
          <NewProposal app={app} poolId={poolId()} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "proposals"}>
          <Proposals app={app} poolId={poolId()} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "proposal" && path()[4] === "collect"}>
          <CollectBallotsScreen app={app} poolId={poolId()} proposalId={path()[3] ?? ""} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "proposal" && path()[4] === "meeting"}>
          <MeetingView app={app} poolId={poolId()} proposalId={path()[3] ?? ""} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "proposal"}>
          <ProposalDetail app={app} poolId={poolId()} proposalId={path()[3] ?? ""} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "round"}>
          <RoundScreen app={app} poolId={poolId()} roundId={path()[3] ?? ""} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "ledger"}>
          <Ledger app={app} poolId={poolId()} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "members"}>
          <Members app={app} poolId={poolId()} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "more"}>
          <More app={app} poolId={poolId()} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "rules"}>
          <Rules app={app} poolId={poolId()} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "bylaws"}>
          <Bylaws app={app} poolId={poolId()} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "papers"}>
          <PapersRoute app={app} poolId={poolId()} page={path()[3] ?? ""} />
        </Match>
        <Match when={path()[0] === "pool" && section() === "audit"}>
          <Audit app={app} poolId={poolId()} />
        </Match>
      </Switch>
      <UpdatePrompt />
    </>
  );
}
