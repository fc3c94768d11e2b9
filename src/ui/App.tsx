import { lazy, Match, Suspense, Switch } from "solid-js";
import type { AppState } from "../state/app.ts";
import { syncAppBadge } from "./appBadge.ts";
import { UpdatePrompt } from "./components/UpdatePrompt.tsx";
import { route } from "./router.ts";
import { FirstRun } from "./screens/FirstRun.tsx";
import { Home } from "./screens/Home.tsx";
import { Join } from "./screens/Join.tsx";

type LaterScreens = typeof import("./laterScreens.ts");
const laterScreens = () => import("./laterScreens.ts");

/** Starts loading the other screens (after the first screen is on), so opening a pool waits for nothing. */
export const preloadScreens = (): void => void laterScreens();

function later<K extends keyof LaterScreens>(name: K): LaterScreens[K] {
  return lazy(() => laterScreens().then((m) => ({ default: m[name] }))) as unknown as LaterScreens[K];
}

const Audit = later("Audit");
const Bylaws = later("Bylaws");
const FloodLinkScreen = later("FloodLinkScreen");
const FloodMembers = later("FloodMembers");
const FloodOverview = later("FloodOverview");
const JoinFlood = later("JoinFlood");
const LeaveFlood = later("LeaveFlood");
const StartFlood = later("StartFlood");
const KeyBackup = later("KeyBackup");
const Ledger = later("Ledger");
const Members = later("Members");
const More = later("More");
const CollectBallotsScreen = later("CollectBallotsScreen");
const MeetingView = later("MeetingView");
const NewProposal = later("NewProposal");
const PoolOverview = later("PoolOverview");
const ProposalDetail = later("ProposalDetail");
const Proposals = later("Proposals");
const Rules = later("Rules");
const RoundScreen = later("RoundScreen");
const Settings = later("Settings");
const PapersRoute = later("PapersRoute");

/**
 * What shows while the phone's own storage opens: the same header and words as index.html's
 * static shell (keep them in step), so the screen does not flicker between the two.
 */
function BootShell() {
  return (
    <>
      <header class="topbar">
        <span class="title">Welcome to Pools</span>
      </header>
      <main>
        <p>
          Pools turns your group into a small co-op: put money in together, propose what to do with it, and decide with
          one person, one vote.
        </p>
        <p class="boot" role="status">
          Opening Pools…
        </p>
      </main>
    </>
  );
}

/** Routes: `#/`, `#/join?...`, `#/backup`, `#/settings`, `#/pool/<id>[/section[/...]]`. */
export function App(props: { app: AppState }) {
  const app = props.app;
  const path = () => route().path;
  const poolId = () => path()[1] ?? "";
  const section = () => path()[2] ?? "";
  syncAppBadge(() => app.pools().reduce((n, p) => n + p.needs.length, 0));
  return (
    <>
      <Suspense
        fallback={
          <p class="boot" role="status">
            Opening Pools…
          </p>
        }
      >
        <Switch fallback={<Home app={app} />}>
          <Match when={app.phase() === "booting"}>
            <BootShell />
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
      </Suspense>
      <UpdatePrompt />
    </>
  );
}
