import type { SyncBadge } from "../../state/syncBadge.ts";

/** Online, offline or changes waiting: always visible, never in the way. */
export function SyncIndicator(props: { badge: SyncBadge }) {
  return (
    <span
      class="sync"
      role="status"
      data-state={props.badge.state}
      title={props.badge.description}
      data-testid="sync-state"
    >
      {props.badge.label}
      <span class="sr-only">. {props.badge.description}</span>
    </span>
  );
}
