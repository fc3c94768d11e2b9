import { registerOf, resolutionsOf } from "../../../state/papers.ts";
import { plural } from "../../format.ts";
import { href } from "../../router.ts";
import { PoolFrame, type PoolScreenProps } from "../PoolFrame.tsx";
import { DissolutionPanel } from "./DissolutionPanel.tsx";
import "./papers.css";

/** The formation kit: the papers a bank or a registrar asks for, made offline from the pool. */
export function Papers(props: PoolScreenProps) {
  const link = (...rest: string[]) => href("pool", props.poolId, "papers", ...rest);
  return (
    <PoolFrame
      app={props.app}
      poolId={props.poolId}
      tab="more"
      back={href("pool", props.poolId, "more")}
      title={() => "Papers"}
    >
      {(v) => {
        const s = () => v().state;
        return (
          <>
            <p>
              Everything a treasurer hands a bank or a registrar, made from the pool's own signed records, with no
              network needed. Each paper prints (or saves as a PDF) and downloads as a file.
            </p>
            <DissolutionPanel state={s()} me={v().me} actions={v().actions} />
            <ul class="list card">
              <li>
                <a class="link-row" href={link("register")}>
                  <strong>Member register</strong>
                  <span class="hint">
                    {plural(registerOf(s()).length, "membership")}: who joined, was admitted and left, what each paid,
                    and the bylaws each signed.
                  </span>
                </a>
              </li>
              <li>
                <a class="link-row" href={link("agreement")}>
                  <strong>Operating agreement</strong>
                  <span class="hint">
                    The bylaws with the rules in force, money, leaving, dissolution and signatures.
                  </span>
                </a>
              </li>
              <li>
                <a class="link-row" href={link("resolutions")}>
                  <strong>Resolutions</strong>
                  <span class="hint">
                    {plural(resolutionsOf(s()).length, "confirmed decision")}, with their tallies.
                  </span>
                </a>
              </li>
              <li>
                <a class="link-row" href={link("checklist")}>
                  <strong>Formation checklist</strong>
                  <span class="hint">
                    Steps for an LLC, a cooperative association, a UK society, or staying as you are.
                  </span>
                </a>
              </li>
            </ul>
          </>
        );
      }}
    </PoolFrame>
  );
}
