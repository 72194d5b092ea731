#!/usr/bin/env node
// `npm run goldens`: rewrites the report's golden Vega-Lite specs (src/report/specs/golden/) from the
// fixed cases in src/report/specs/fixtures.ts. Run it after changing a spec builder on purpose, review
// the diff, commit it. The test suite only compares against these files; it never writes them.
import { register } from "tsx/esm/api";

register();
const { writeGoldens, GOLDEN_DIR } = await import("../src/report/specs/goldens.ts");
const { written, removed } = writeGoldens();
process.stdout.write(`wrote ${written.length} golden specs to ${GOLDEN_DIR}\n`);
if (removed.length) process.stdout.write(`removed stale: ${removed.join(", ")}\n`);
const { writeInsideGoldens, INSIDE_GOLDEN_DIR } = await import("../src/report/inside-model/goldens.ts");
process.stdout.write(`wrote ${writeInsideGoldens().length} golden specs to ${INSIDE_GOLDEN_DIR}\n`);
