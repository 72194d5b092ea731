import fc from "fast-check";

/**
 * Generated .safetensors files for fuzz tests: valid ones (with the parameter count they hold), valid
 * headers with corrupted entries, random JSON, truncated files and random bytes.
 */

const dtype = fc.constantFrom("F32", "F16", "BF16", "I8", "F64", "", 7 as unknown as string);
const BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2 };

function file(header: unknown, dataBytes: number, lengthOverride?: bigint): Uint8Array {
  const json = Buffer.from(typeof header === "string" ? header : JSON.stringify(header), "utf8");
  const out = Buffer.alloc(8 + json.length + dataBytes);
  out.writeBigUInt64LE(lengthOverride ?? BigInt(json.length), 0);
  json.copy(out, 8);
  return out;
}

const validFile = fc
  .array(
    fc.record({
      name: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s !== "__metadata__"),
      dtype: fc.constantFrom("F32", "F16", "BF16"),
      shape: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }),
    }),
    { maxLength: 5 },
  )
  .map((tensors) => {
    const header: Record<string, unknown> = { __metadata__: { format: "pt" } };
    let offset = 0;
    let params = 0;
    const seen = new Set<string>();
    for (const t of tensors) {
      if (seen.has(t.name)) continue;
      seen.add(t.name);
      const count = t.shape.reduce((a, b) => a * b, 1);
      const bytes = count * (BYTES[t.dtype] ?? 4);
      header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
      offset += bytes;
      params += count;
    }
    return { bytes: file(header, offset), params: params as number | null };
  });

const entry = fc.oneof(
  fc.record({
    dtype,
    shape: fc.oneof(
      fc.array(fc.oneof(fc.integer({ min: -2, max: 9 }), fc.constant(2 ** 53), fc.double()), {
        maxLength: 10,
      }),
      fc.constant(null),
      fc.string({ maxLength: 3 }),
    ),
    data_offsets: fc.oneof(fc.array(fc.integer({ min: -4, max: 64 }), { maxLength: 3 }), fc.constant("0,4")),
  }),
  fc.anything(),
);

const corruptFile = fc
  .tuple(
    fc.dictionary(fc.string({ maxLength: 8 }), entry, { maxKeys: 4 }),
    fc.integer({ min: 0, max: 64 }),
    fc.option(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), { nil: undefined }),
  )
  .map(([header, data, len]) => ({ bytes: file(header, data, len), params: null }));

const jsonFile = fc
  .tuple(fc.oneof(fc.json(), fc.string({ maxLength: 30 })), fc.integer({ min: 0, max: 16 }))
  .map(([text, data]) => ({ bytes: file(text, data), params: null }));

const randomBytes = fc.uint8Array({ maxLength: 40 }).map((bytes) => ({ bytes, params: null }));

export const fuzzSafetensors: fc.Arbitrary<{ bytes: Uint8Array; params: number | null }> = fc.oneof(
  validFile,
  corruptFile,
  jsonFile,
  randomBytes,
);
