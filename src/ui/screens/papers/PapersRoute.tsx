import { Match, Switch } from "solid-js";
import type { PoolScreenProps } from "../PoolFrame.tsx";
import { Checklist } from "./Checklist.tsx";
import { AgreementScreen, RegisterScreen, ResolutionsScreen } from "./PaperScreens.tsx";
import { Papers } from "./Papers.tsx";

/** `#/pool/<id>/papers[/register|agreement|resolutions|checklist]`. */
export function PapersRoute(props: PoolScreenProps & { page: string }) {
  return (
    <Switch fallback={<Papers app={props.app} poolId={props.poolId} />}>
      <Match when={props.page === "register"}>
        <RegisterScreen app={props.app} poolId={props.poolId} />
      </Match>
      <Match when={props.page === "agreement"}>
        <AgreementScreen app={props.app} poolId={props.poolId} />
      </Match>
      <Match when={props.page === "resolutions"}>
        <ResolutionsScreen app={props.app} poolId={props.poolId} />
      </Match>
      <Match when={props.page === "checklist"}>
        <Checklist app={props.app} poolId={props.poolId} />
      </Match>
    </Switch>
  );
}
