import { agreementPaper, registerCsvOf, registerPaper, resolutionsPaper } from "../../../state/papers.ts";
import { download, fileName } from "../../components/download.ts";
import { fractionDigits } from "../../format.ts";
import type { PoolScreenProps } from "../PoolFrame.tsx";
import { PaperScreen } from "./PaperScreen.tsx";
import { paperFormat } from "./paperFormat.ts";

/** Every member past and present, with the bylaws each accepted; printable and as CSV. */
export function RegisterScreen(props: PoolScreenProps) {
  return (
    <PaperScreen
      {...props}
      title="Member register"
      file="member register"
      intro="Every member past and present. A member who left and came back is listed once for each membership."
      doc={(s) => registerPaper(s, paperFormat(s.currency))}
      extra={(s) => (
        <button
          type="button"
          onClick={() =>
            download(
              fileName(`${s.name} member register`, "csv"),
              registerCsvOf(s, fractionDigits(s.currency)),
              "text/csv",
            )
          }
        >
          Download CSV
        </button>
      )}
    />
  );
}

/** The bylaws filled in with this pool's rules, money, leaving, dissolution and signatures. */
export function AgreementScreen(props: PoolScreenProps) {
  return (
    <PaperScreen
      {...props}
      title="Operating agreement"
      file="operating agreement"
      intro="The pool's bylaws as an operating agreement, with the signature page. To make a PDF, choose Print, then Save as PDF."
      doc={(s, now) => agreementPaper(s, paperFormat(s.currency), now)}
    />
  );
}

/** Minutes of every confirmed result. */
export function ResolutionsScreen(props: PoolScreenProps) {
  return (
    <PaperScreen
      {...props}
      title="Resolutions"
      file="resolutions"
      intro="Every decision whose count was sealed and confirmed: what a bank or a registrar calls the resolutions."
      doc={(s) => resolutionsPaper(s, paperFormat(s.currency))}
    />
  );
}
