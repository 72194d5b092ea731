import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { DatasetMetaView } from "../server/api/meta.ts";

export type Meta = DatasetMetaView;

/** The dataset's description from /api/meta, loaded once by the app and read by every view. */
export const MetaContext = createContext<Meta | null>(null);

export function useMeta(): Meta {
  const m = useContext(MetaContext);
  if (m === null) throw new Error("useMeta outside the loaded app");
  return m;
}

export function columnKind(meta: Meta, name: string): string | undefined {
  return meta.columns.find((c) => c.name === name)?.kind;
}
