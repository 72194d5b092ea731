import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import "./styles.css";
import { getJson } from "./api.ts";
import { type Meta, MetaContext } from "./meta.ts";
import { linkHandler, pinsOf, type Route, useRoute, withPins } from "./router.ts";
import { CompareView } from "./views/compare-view.tsx";
import { ExploreView } from "./views/explore-view.tsx";
import { FindingsView } from "./views/findings-view.tsx";
import { ModelView } from "./views/model-view.tsx";
import { ModelsView } from "./views/models-view.tsx";
import { PredictView } from "./views/predict-view.tsx";

const NAV = [
  { path: "/models", label: "Models" },
  { path: "/compare", label: "Compare" },
  { path: "/explore", label: "Explore" },
  { path: "/predict", label: "Predict" },
  { path: "/findings", label: "Findings" },
] as const;

function App() {
  const route = useRoute();
  const [meta, setMeta] = useState<Meta | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getJson<Meta>("/api/meta")
      .then(setMeta)
      .catch((err: unknown) => setError((err as Error).message));
  }, []);
  if (error) return <p class="error">Cannot reach the Strata server: {error}</p>;
  if (!meta) return <p class="loading">Loading Strata…</p>;
  const pins = pinsOf(route.params);
  const active = route.path === "/" ? "/models" : route.path.startsWith("/model/") ? "" : route.path;
  return (
    <MetaContext.Provider value={meta}>
      <header class="top">
        <a class="brand" href="/models" onClick={linkHandler("/models")}>
          Strata
        </a>
        <nav>
          {NAV.map((n) => {
            const href = withPins(n.path, pins);
            return (
              <a
                key={n.path}
                href={href}
                class={active === n.path ? "active" : ""}
                onClick={linkHandler(href)}
              >
                {n.label}
                {n.path === "/compare" && pins.length ? ` (${pins.length})` : ""}
              </a>
            );
          })}
        </nav>
        <span class="dataset" title={meta.dataset.file}>
          {meta.dataset.models.toLocaleString("en-US")} models · {meta.dataset.source}
        </span>
      </header>
      <main>
        <View route={route} />
      </main>
    </MetaContext.Provider>
  );
}

function View(props: { route: Route }) {
  const { path, params } = props.route;
  if (path.startsWith("/model/"))
    return <ModelView key={path} id={path.slice("/model/".length)} params={params} />;
  switch (path) {
    case "/":
    case "/models":
      return <ModelsView params={params} />;
    case "/compare":
      return <CompareView params={params} />;
    case "/explore":
      return <ExploreView params={params} />;
    case "/predict":
      return <PredictView params={params} />;
    case "/findings":
      return <FindingsView />;
    default:
      return <p class="error">No page {path}.</p>;
  }
}

const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(<App />, root);
}
