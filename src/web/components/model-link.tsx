import { idPath } from "../api.ts";
import { linkHandler, withPins } from "../router.ts";

export function ModelLink(props: { id: string; pins?: readonly string[] }) {
  const href = withPins(`/model/${idPath(props.id)}`, props.pins ?? []);
  return (
    <a href={href} onClick={linkHandler(href)}>
      {props.id}
    </a>
  );
}
