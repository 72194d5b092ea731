import { useEffect, useRef, useState } from "preact/hooks";
import type { TopLevelSpec } from "vega-lite";

/** What a click on a mark hands back: the datum under the pointer. */
export type ChartClick = (datum: Record<string, unknown>) => void;

/**
 * A Vega-Lite chart drawn by vega-embed, loaded on first use (a separate chunk: the table view does not
 * pay for it). Expressions run through vega-interpreter, so the page needs no eval under its CSP.
 */
export function Chart(props: {
  spec: TopLevelSpec;
  renderer?: "svg" | "canvas";
  onClick?: ChartClick;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const { spec, renderer, onClick } = props;
  useEffect(() => {
    let finalize: (() => void) | null = null;
    let cancelled = false;
    (async () => {
      const [{ default: embed }, { expressionInterpreter }] = await Promise.all([
        import("vega-embed"),
        import("vega-interpreter"),
      ]);
      if (cancelled || !el.current) return;
      const result = await embed(el.current, spec, {
        mode: "vega-lite",
        ast: true,
        expr: expressionInterpreter,
        renderer: renderer ?? "svg",
        actions: { export: true, source: false, compiled: false, editor: false },
        tooltip: { theme: "light" },
      });
      if (cancelled) {
        result.finalize();
        return;
      }
      finalize = result.finalize;
      if (onClick) {
        result.view.addEventListener("click", (_e, item) => {
          const datum = (item as { datum?: Record<string, unknown> } | null | undefined)?.datum;
          if (datum) onClick(datum);
        });
      }
      el.current.dataset.rendered = "true";
    })().catch((err: unknown) => setError((err as Error).message));
    return () => {
      cancelled = true;
      finalize?.();
    };
  }, [spec, renderer, onClick]);
  return (
    <div class="chart" data-testid={props.testId}>
      {error ? <p class="error">chart failed: {error}</p> : null}
      <div ref={el} />
    </div>
  );
}
