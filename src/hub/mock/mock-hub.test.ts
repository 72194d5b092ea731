import { downloadFile, fileDownloadInfo, listFiles, listModels, modelInfo } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioModels } from "./fixtures.ts";
import { type MockHub, startMockHub } from "./mock-hub.ts";

/** The mock speaks the Hub's API well enough for @huggingface/hub's own clients. */
describe("mock Hub with @huggingface/hub", () => {
  let hub: MockHub;
  beforeAll(async () => {
    hub = await startMockHub({
      models: scenarioModels(),
      maxPageSize: 5,
      treePageSize: 2,
      datasets: [
        {
          id: "org/results",
          files: [1, 2, 3].map((i) => ({ path: `a/b/results_${i}.json`, content: "{}" })),
        },
      ],
    });
  });
  afterAll(() => hub.close());

  it("pages listModels through Link headers, with expanded fields", async () => {
    const seen: { name: string; total: number | undefined; createdAt: string }[] = [];
    for await (const m of listModels({ hubUrl: hub.url, additionalFields: ["safetensors", "createdAt"] })) {
      seen.push({ name: m.name, total: m.safetensors?.total, createdAt: m.createdAt });
    }
    expect(seen.length).toBe(12);
    expect(hub.hits.listing).toBe(3);
    expect(seen.find((m) => m.name === "mistralai/Mixtral-8x7B-v0.1")?.total).toBe(46702792704);
    const filtered = [];
    for await (const m of listModels({ hubUrl: hub.url, search: { owner: "broken" } })) filtered.push(m.name);
    expect(filtered.sort()).toEqual([
      "broken/always-500",
      "broken/always-truncated",
      "broken/hangs-once",
      "broken/malformed-json",
    ]);
  });

  it("answers modelInfo, fileDownloadInfo (Range + Content-Range) and downloadFile like the Hub", async () => {
    const info = await modelInfo({
      name: "openai-community/gpt2",
      hubUrl: hub.url,
      additionalFields: ["sha", "tags"],
    });
    expect(info.name).toBe("openai-community/gpt2");
    expect(info.sha).toBe("2".padStart(40, "a"));
    expect(info.tags).toContain("license:mit");
    const dl = await fileDownloadInfo({
      repo: "openai-community/gpt2",
      path: "config.json",
      hubUrl: hub.url,
    });
    const body = await (
      await downloadFile({ repo: "openai-community/gpt2", path: "config.json", hubUrl: hub.url })
    )?.text();
    expect(dl?.size).toBe(body?.length);
    expect(JSON.parse(body ?? "{}").n_layer).toBe(12);
    expect(
      await fileDownloadInfo({ repo: "nodocs/no-config", path: "config.json", hubUrl: hub.url }),
    ).toBeNull();
  });

  it("pages a dataset tree for listFiles", async () => {
    const paths = [];
    for await (const f of listFiles({
      repo: { type: "dataset", name: "org/results" },
      recursive: true,
      hubUrl: hub.url,
    })) {
      paths.push(f.path);
    }
    expect(paths).toEqual(["a/b/results_1.json", "a/b/results_2.json", "a/b/results_3.json"]);
  });
});
