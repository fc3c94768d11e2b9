/**
 * Writing one event: build it with the core's helpers, sign it with the device's key, let the
 * core judge it (the session derives the pool with it added and refuses it if the core would),
 * and only then write it. Every command goes through here.
 */
import type { EventDataByType, EventId, EventType, PoolState } from "../core/index.ts";
import { signEvent } from "../core/index.ts";
import { sha256 } from "../crypto/index.ts";
import type { PoolSession } from "../sync/index.ts";
import { eventTime } from "./clock.ts";
import { type CommandResult, done, explain, failed, unexpected } from "./errors.ts";
import type { Me } from "./identity.ts";

export interface PoolContext {
  session: PoolSession;
  me: () => Me | undefined;
  state: () => PoolState | undefined;
}

export interface AuthorOptions {
  /** Defaults to the pool's heads: everything this device holds as valid. */
  parents?: EventId[];
  /** The earliest acceptable `at` besides the clock and the pool's latest event. */
  notBefore?: number;
  /** Called with the signed event's id before it is written (a key rotation hands its new key to the session). */
  beforeWrite?: (id: EventId) => void;
}

export async function author<T extends EventType>(
  ctx: PoolContext,
  type: T,
  /** The payload, or a function of the event's `at` (a proposal's closing time is counted from it). */
  data: EventDataByType[T] | ((at: number) => EventDataByType[T]),
  options: AuthorOptions = {},
): Promise<CommandResult<EventId>> {
  const me = ctx.me();
  const state = ctx.state();
  if (!me) return failed("Make your identity on this phone first.");
  if (!state) return failed("This pool has not finished loading on this phone yet.");
  try {
    const parents = options.parents ?? state.heads;
    const at = options.parents
      ? eventTime(options.notBefore ?? 0)
      : eventTime(state.latestAt + 1, options.notBefore ?? 0);
    const payload = typeof data === "function" ? data(at) : data;
    const event = await signEvent(
      { pool: state.poolId, type, by: me.id, at, parents, data: payload },
      me.signer,
      sha256,
    );
    options.beforeWrite?.(event.id);
    const result = await ctx.session.append(event);
    return result.ok ? done(event.id) : failed(explain(result));
  } catch (error) {
    return unexpected(error);
  }
}
