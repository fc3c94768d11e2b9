/**
 * What the app hands the sync layer's move watcher (rules §9): the person signs the two events a
 * moved pool's old document takes (`member.key-published` to ask for the new document's keys,
 * `pool.moved` to hand them over) and their delivery key is the one joins publish.
 */
import { signEvent } from "../core/index.ts";
import { sha256 } from "../crypto/index.ts";
import type { MoveHooks } from "../sync/index.ts";
import { eventTime } from "./clock.ts";
import { deliveryKeyOf } from "./deliveryKey.ts";
import type { Me } from "./identity.ts";

export function moveHooks(
  me: () => Me | undefined,
  on: { moved: MoveHooks["moved"]; waiting: MoveHooks["waiting"] },
): MoveHooks {
  return {
    ...on,
    async sign(state, type, data) {
      const m = me();
      if (m === undefined) return undefined;
      const at = eventTime(state.latestAt + 1);
      return signEvent({ pool: state.poolId, type, by: m.id, at, parents: state.heads, data }, m.signer, sha256);
    },
    async person() {
      const m = me();
      return m === undefined ? undefined : { id: m.id, deliveryKey: await deliveryKeyOf(m.secretKey) };
    },
  };
}
