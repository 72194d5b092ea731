import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SafetensorsError } from "../errors.ts";
import { fromFloat32, toFloat32 } from "./dtype.ts";
import {
  MAX_HEADER_BYTES,
  readSafetensorsHeader,
  readTensorF32,
  type SafetensorsHeader,
  type TensorInfo,
} from "./read.ts";
import { writeSafetensors } from "./write.ts";

const root = mkdtempSync(join(tmpdir(), "strata-st-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A raw file: 8-byte length, header text, data bytes. */
function rawFile(name: string, header: string, data = new Uint8Array(0), declaredLength?: bigint): string {
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(declaredLength ?? BigInt(Buffer.byteLength(header)));
  const file = join(root, name);
  writeFileSync(file, Buffer.concat([len, Buffer.from(header), data]));
  return file;
}

function tensor(h: SafetensorsHeader, name: string): TensorInfo {
  const t = h.tensors.get(name);
  if (!t) throw new Error(`no tensor ${name}`);
  return t;
}

describe("dtype conversion", () => {
  it("BF16 and F16 round-trip values they can represent exactly, and round others to nearest", () => {
    const exact = Float32Array.of(0, -0, 1, -2, 0.5, 1.5, 65504, -0.125, Number.POSITIVE_INFINITY);
    for (const dt of ["F32", "BF16", "F16"] as const) {
      const back = toFloat32(fromFloat32(exact, dt), dt);
      if (dt === "BF16") back[6] = 65504; // 65504 is not a bfloat16 value (rounds to 65536)
      expect(Array.from(back)).toEqual(Array.from(exact));
    }
    expect(toFloat32(fromFloat32(Float32Array.of(65504), "BF16"), "BF16")[0]).toBe(65536);
    // 1 + 2^-9 is halfway between two bfloat16 values: ties go to even (1.0).
    expect(toFloat32(fromFloat32(Float32Array.of(1 + 2 ** -9), "BF16"), "BF16")[0]).toBe(1);
    expect(toFloat32(fromFloat32(Float32Array.of(1 + 3 * 2 ** -9), "BF16"), "BF16")[0]).toBe(1 + 2 ** -7);
    // Float16 subnormals and overflow.
    expect(toFloat32(fromFloat32(Float32Array.of(2 ** -24), "F16"), "F16")[0]).toBe(2 ** -24);
    expect(toFloat32(fromFloat32(Float32Array.of(1e6), "F16"), "F16")[0]).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(toFloat32(fromFloat32(Float32Array.of(Number.NaN), "BF16"), "BF16")[0])).toBe(true);
  });
});

describe("safetensors files", () => {
  it("write then read: names, shapes, dtypes, values and metadata survive", () => {
    const file = join(root, "rt.safetensors");
    const a = Float32Array.from({ length: 6 }, (_, i) => i * 0.25 - 1);
    writeSafetensors(
      file,
      [
        { name: "a", dtype: "F32", shape: [2, 3], data: fromFloat32(a, "F32") },
        {
          name: "b.bf16",
          dtype: "BF16",
          shape: [3],
          data: () => fromFloat32(Float32Array.of(1, 2, 3), "BF16"),
        },
        { name: "c", dtype: "F16", shape: [1], data: fromFloat32(Float32Array.of(-0.5), "F16") },
        { name: "empty", dtype: "F32", shape: [0, 4], data: new Uint8Array(0) },
      ],
      { format: "pt" },
    );
    const h = readSafetensorsHeader(file);
    expect(h.metadata).toEqual({ format: "pt" });
    expect(h.dataOffset % 8).toBe(0);
    expect([...h.tensors.keys()]).toEqual(["a", "b.bf16", "c", "empty"]);
    expect(h.tensors.get("a")?.shape).toEqual([2, 3]);
    expect(Array.from(readTensorF32(tensor(h, "a")))).toEqual(Array.from(a));
    expect(Array.from(readTensorF32(tensor(h, "b.bf16")))).toEqual([1, 2, 3]);
    expect(Array.from(readTensorF32(tensor(h, "c")))).toEqual([-0.5]);
    expect(readTensorF32(tensor(h, "empty")).length).toBe(0);
  });

  const bad: [string, () => string, RegExp][] = [
    [
      "a header length over the limit",
      () => rawFile("big.st", "{}", undefined, BigInt(MAX_HEADER_BYTES + 1)),
      /exceeds the limit/,
    ],
    ["a header running past the file", () => rawFile("short.st", "{}", undefined, 1000n), /past the end/],
    ["a header that is not JSON", () => rawFile("json.st", "{nope"), /not valid JSON/],
    [
      "an unsupported dtype",
      () => rawFile("dt.st", '{"w":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}', new Uint8Array(8)),
      /tensor 'w': dtype I64/,
    ],
    [
      "offsets outside the data",
      () => rawFile("off.st", '{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}', new Uint8Array(8)),
      /tensor 'w': data_offsets \[0, 16\] fall outside/,
    ],
    [
      "a size that does not match the shape",
      () => rawFile("sz.st", '{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', new Uint8Array(8)),
      /needs 12/,
    ],
    [
      "a negative dimension",
      () => rawFile("neg.st", '{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}'),
      /invalid size/,
    ],
  ];
  it.each(bad)("rejects %s with a SafetensorsError naming the file", (_what, make, msg) => {
    const file = make();
    let err: unknown;
    try {
      readSafetensorsHeader(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SafetensorsError);
    expect((err as Error).message).toMatch(msg);
    expect((err as Error).message).toContain(file);
  });
});
