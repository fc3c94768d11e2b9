import type { PaperFormat } from "../../../state/papers.ts";
import { formatDate, formatMoney } from "../../format.ts";

/** Money and dates in documents, formatted at the edge with Intl and the pool's currency. */
export const paperFormat = (currency: string): PaperFormat => ({
  money: (minor) => formatMoney(minor, currency),
  date: formatDate,
});
