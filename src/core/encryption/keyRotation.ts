/**
 * Pool keys by epoch (rules §9). The core holds no keys and does no cryptography: it only says
 * which rotations count, which member and invite delivery keys a rotation must seal to, and
 * whether a departure still waits for one.
 *
 * - A member's join (and the founder's genesis) may publish an X25519 `deliveryKey`; an invite
 *   may publish one too, derived from its secret, so a key sealed to it opens for whoever holds
 *   the link. Joins written before encryption have none and stay valid: such a member publishes
 *   one later with `member.key-published`. A member's latest key in event order counts.
 * - `pool.key-rotated` { epoch, departure, keys }: by an active member, naming a departure (a
 *   leave, or the confirmation that removed a member) in its causal past, starting epoch
 *   current + 1. `keys` maps each recipient (member id or invite id) to the new key sealed to
 *   its delivery key. Concurrent rotations resolve in event order: the first one taken is the
 *   new epoch; a later one for an epoch already started is superseded, so every device keeps the
 *   same key for each epoch. Superseded is not refused: an honest phone that rotated at the same
 *   moment wrote it, and what it wrote on top of it keeps its causal past (a refused parent would
 *   leave its children with none, and its person would count as no member there).
 */
import type { DecodedEvent, EventId, MemberId } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";
import type { ReasonCode } from "../reasons.ts";

export interface KeyRotationView {
  id: EventId;
  epoch: number;
  by: MemberId;
  /** When it was written: a flood takes a key of this epoch only from an entry dated no earlier (rules §9). */
  at: number;
  /** The departure it follows; a flood's rotation (`flood.key-rotated`, rules §5) names none. */
  departure?: EventId;
  /** Recipient (member id or invite id) → the new key sealed to its delivery key, base64url. */
  keys: Record<string, string>;
}

/** A `pool.moved` (rules §9): where a pool made before encryption went, and keys sealed for it. */
export interface MoveView {
  id: EventId;
  by: MemberId;
  /** The sealed document's id. */
  to: string;
  /** Member id → that document's keys sealed to their delivery key, base64url. */
  keys: Record<string, string>;
}

export interface PoolKeysView {
  /** The newest epoch that counts (0 before any rotation). */
  epoch: number;
  rotations: KeyRotationView[];
  /** Delivery (X25519) public keys, base64url, of members whose join or genesis published one. */
  deliveryKeys: Record<MemberId, string>;
  /** Delivery keys of invites that published one. */
  inviteDeliveryKeys: Record<EventId, string>;
  /** The first departure no rotation follows yet: a remaining member's device should rotate. */
  rotationDue?: EventId;
  /**
   * Moves of a pool made before encryption, in event order. The first one's `to` is where the
   * pool went, on every device (two members moving at once both wrote one); later ones naming
   * the same document add keys for members who asked after the move.
   */
  moves: MoveView[];
  /** Rotations for an epoch another had already started (a race lost), in event order: they change nothing. */
  superseded: EventId[];
}

/** What the fold keeps about keys while it takes events in order. */
export class KeyEpochs {
  epoch = 0;
  readonly rotations: KeyRotationView[] = [];
  readonly deliveryKeys = new Map<MemberId, string>();
  readonly inviteDeliveryKeys = new Map<EventId, string>();
  readonly moves: MoveView[] = [];
  readonly superseded: EventId[] = [];
}

/** A join's, an invite's, the genesis's or a `member.key-published`'s delivery key, if any. */
export function noteDeliveryKey(
  fold: Fold,
  e:
    | DecodedEvent<"member.joined">
    | DecodedEvent<"member.invited">
    | DecodedEvent<"pool.created">
    | DecodedEvent<"member.key-published">,
): void {
  const key = (e.body.data as { deliveryKey?: string }).deliveryKey;
  if (key === undefined) return;
  if (e.body.type === "member.invited") fold.keys.inviteDeliveryKeys.set(e.id, key);
  else fold.keys.deliveryKeys.set(e.body.by, key);
}

/** A rotation for an epoch already started: it lost a race, and is kept, changing nothing. */
export function supersededRotation(fold: Pick<Fold, "keys">, epoch: number): boolean {
  return epoch <= fold.keys.epoch;
}

export function checkKeyRotation(fold: Fold, e: DecodedEvent<"pool.key-rotated">): ReasonCode | undefined {
  const { epoch, departure } = e.body.data;
  if (epoch !== fold.keys.epoch + 1) return "key-rotation-epoch-gap";
  const past = fold.pastOf(e.id);
  if (!fold.departures.some((d) => d.event === departure) || !fold.inPast(past, departure))
    return "key-rotation-no-departure";
  return undefined;
}

export function applyKeyRotation(fold: Fold, e: DecodedEvent<"pool.key-rotated">): void {
  const d = e.body.data;
  fold.keys.epoch = d.epoch;
  fold.keys.rotations.push({
    id: e.id,
    epoch: d.epoch,
    by: e.body.by,
    at: e.body.at,
    departure: d.departure,
    keys: d.keys,
  });
}

/** A `pool.moved` by an active member (judged before): kept in event order. */
export function applyMove(fold: Fold, e: DecodedEvent<"pool.moved">): void {
  fold.keys.moves.push({ id: e.id, by: e.body.by, to: e.body.data.to, keys: e.body.data.keys });
}

export function poolKeysView(fold: Fold): PoolKeysView {
  const k = fold.keys;
  const covered = (departure: EventId) =>
    k.rotations.some((r) => r.departure === departure || fold.inPast(fold.pastOf(r.id), departure));
  const due = fold.departures.find((d) => !covered(d.event));
  return {
    epoch: k.epoch,
    rotations: [...k.rotations],
    deliveryKeys: Object.fromEntries(k.deliveryKeys),
    inviteDeliveryKeys: Object.fromEntries(k.inviteDeliveryKeys),
    moves: [...k.moves],
    superseded: [...k.superseded],
    ...(due ? { rotationDue: due.event } : {}),
  };
}
