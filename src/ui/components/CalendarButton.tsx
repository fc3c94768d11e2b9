import { closeCalendarEvent } from "../../core/index.ts";
import { download, fileName } from "./download.ts";

/** "Add to calendar": the proposal's close as an .ics file the phone's calendar opens (rules §11). */
export function CalendarButton(props: { proposalId: string; poolName: string; title: string; closesAt: number }) {
  const save = () => {
    const ics = closeCalendarEvent({
      proposalId: props.proposalId,
      poolName: props.poolName,
      title: props.title,
      closesAt: props.closesAt,
      now: Date.now(),
      url: location.href,
    });
    download(fileName(props.title, "ics"), ics, "text/calendar");
  };
  return (
    <button type="button" onClick={save}>
      Add to calendar
    </button>
  );
}
