import { DataError, type ImportWarning, readCsvFile } from "../contracts/index.ts";

export interface TableRow {
  line: number;
  /** Field value by header name. */
  get(column: string): string;
}

/**
 * Streams a CSV file with a header as rows addressed by column name. Throws DataError when the file
 * cannot be read, is empty, or its header lacks one of `required`; malformed rows go to `warnings`.
 */
export async function* readTable(
  file: string,
  required: readonly string[],
  warnings: ImportWarning[],
): AsyncGenerator<TableRow> {
  let index: Map<string, number> | null = null;
  try {
    for await (const item of readCsvFile(file)) {
      if ("error" in item) {
        warnings.push({ file, line: item.line, message: item.error });
        continue;
      }
      if (index === null) {
        const map = new Map<string, number>();
        item.fields.forEach((name, i) => {
          map.set(name.trim(), i);
        });
        for (const col of required) {
          if (!map.has(col)) {
            throw new DataError(
              `${file}: header (line ${item.line}) lacks required column "${col}"`,
              file,
              1,
            );
          }
        }
        index = map;
        continue;
      }
      const fields = item.fields;
      const cols = index;
      yield {
        line: item.line,
        get(column: string): string {
          const i = cols.get(column);
          return i === undefined ? "" : (fields[i] ?? "");
        },
      };
    }
  } catch (err) {
    if (err instanceof DataError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(`${file}: cannot read the file (${code ?? String(err)})`, file);
  }
  if (index === null) throw new DataError(`${file}: the file is empty (no header row)`, file);
}
