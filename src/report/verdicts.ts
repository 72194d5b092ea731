import type { StudyComparison } from "./types.ts";

/** How a section's comparison with the study reads, in the HTML report and the dashboard alike. */
export const VERDICT_LABELS: Record<StudyComparison["verdict"], string> = {
  agree: "We agree",
  partly: "We partly agree",
  differ: "We differ",
  "no number": "Nothing to compare",
};
