/** A list of warnings (a record's, a prediction's), or nothing when there are none. */
export function Warnings(props: { items: readonly string[] }) {
  if (props.items.length === 0) return null;
  return (
    <ul class="warnings">
      {props.items.map((w) => (
        <li key={w}>{w}</li>
      ))}
    </ul>
  );
}
