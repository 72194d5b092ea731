"""PyTorch reference for Strata's probe engine (tests and benchmark only; never a runtime dependency).

Implements llama / mistral / qwen2 decoder-only models in plain torch from a Hugging Face folder
(config.json + safetensors, single or sharded), computed in float32, and reports what Strata computes:
logits, hidden states, Block Influence, and per-matrix weight gradients of the response-token
cross-entropy (via autograd) with their nuclear norms (torch.linalg.svdvals).

Usage: model.py REQUEST.json  -> prints one JSON document on stdout.
REQUEST: {"model": DIR, "ids": [...], "response_start": k | null, "want": ["logits", "hidden", "bi",
          "loss", "grad", "raw_grad"], "raw_grad_names": [...], "skip_layers": [...], "bench": {...} | null}
"loss" is the cross-entropy of ids[k:] predicted from what precedes them (k = response_start, default 1),
computed without autograd.
"""
import json
import math
import os
import struct
import sys
import time

import torch

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        buf = bytearray(data[b:end])
        t = torch.frombuffer(buf, dtype=DTYPES[e["dtype"]]) if end > b else torch.zeros(0, dtype=DTYPES[e["dtype"]])
        out[name] = t.reshape(e["shape"]).float()
    return out


def load_weights(folder):
    index = os.path.join(folder, "model.safetensors.index.json")
    if os.path.exists(index):
        with open(index) as f:
            files = sorted(set(json.load(f)["weight_map"].values()))
        w = {}
        for fn in files:
            w.update(read_safetensors(os.path.join(folder, fn)))
        return w
    return read_safetensors(os.path.join(folder, "model.safetensors"))


class Ref:
    def __init__(self, folder):
        with open(os.path.join(folder, "config.json")) as f:
            c = json.load(f)
        self.c = c
        self.w = load_weights(folder)
        self.d = c["hidden_size"]
        self.h = c["num_attention_heads"]
        self.kv = c.get("num_key_value_heads", self.h)
        self.hd = c.get("head_dim") or self.d // self.h
        self.L = c["num_hidden_layers"]
        self.eps = c.get("rms_norm_eps", 1e-6)
        self.theta = c.get("rope_theta", 10000.0)
        head = self.w.get("lm_head.weight")
        if c.get("tie_word_embeddings") or head is None:
            head = self.w["model.embed_tokens.weight"]
        self.head = head

    def params(self):
        return [t for t in self.w.values()]

    def rms(self, x, g):
        var = x.pow(2).mean(-1, keepdim=True)
        return g * (x * torch.rsqrt(var + self.eps))

    def rope(self, T):
        inv = 1.0 / (self.theta ** (torch.arange(0, self.hd, 2, dtype=torch.int64).float() / self.hd))
        freqs = torch.outer(torch.arange(T).float(), inv)
        emb = torch.cat([freqs, freqs], -1)
        return emb.cos(), emb.sin()

    @staticmethod
    def rot(x):
        h = x.shape[-1] // 2
        return torch.cat([-x[..., h:], x[..., :h]], -1)

    def lin(self, x, name):
        b = self.w.get(name + ".bias")
        y = x @ self.w[name + ".weight"].t()
        return y + b if b is not None else y

    def layer(self, i, x, cos, sin):
        p = f"model.layers.{i}."
        T = x.shape[0]
        xn = self.rms(x, self.w[p + "input_layernorm.weight"])
        q = self.lin(xn, p + "self_attn.q_proj").view(T, self.h, self.hd).transpose(0, 1)
        k = self.lin(xn, p + "self_attn.k_proj").view(T, self.kv, self.hd).transpose(0, 1)
        v = self.lin(xn, p + "self_attn.v_proj").view(T, self.kv, self.hd).transpose(0, 1)
        q = q * cos + self.rot(q) * sin
        k = k * cos + self.rot(k) * sin
        rep = self.h // self.kv
        k = k.repeat_interleave(rep, 0)
        v = v.repeat_interleave(rep, 0)
        s = (q @ k.transpose(1, 2)) / math.sqrt(self.hd)
        mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
        s = s.masked_fill(mask, float("-inf"))
        a = torch.softmax(s, -1) @ v
        a = a.transpose(0, 1).reshape(T, self.h * self.hd)
        x = x + self.lin(a, p + "self_attn.o_proj")
        xn = self.rms(x, self.w[p + "post_attention_layernorm.weight"])
        g = self.lin(xn, p + "mlp.gate_proj")
        u = self.lin(xn, p + "mlp.up_proj")
        return x + self.lin(torch.nn.functional.silu(g) * u, p + "mlp.down_proj")

    def forward(self, ids, skip=()):
        T = len(ids)
        cos, sin = self.rope(T)
        x = self.w["model.embed_tokens.weight"][torch.tensor(ids, dtype=torch.long)]
        hidden = [x]
        for i in range(self.L):
            if i in skip:
                continue
            x = self.layer(i, x, cos, sin)
            hidden.append(x)
        logits = self.rms(x, self.w["model.norm.weight"]) @ self.head.t()
        return logits, hidden


MATS = {"q": "self_attn.q_proj", "k": "self_attn.k_proj", "v": "self_attn.v_proj", "o": "self_attn.o_proj",
        "gate": "mlp.gate_proj", "up": "mlp.up_proj", "down": "mlp.down_proj"}


def grads(ref, ids, start, only_linear=False):
    for name, t in ref.w.items():
        t.requires_grad_(not only_linear or any(name.endswith(m + ".weight") for m in MATS.values()))
        t.grad = None
    logits, _ = ref.forward(ids)
    targets = torch.tensor(ids[start:], dtype=torch.long)
    loss = torch.nn.functional.cross_entropy(logits[start - 1:-1], targets)
    loss.backward()
    return loss


def main():
    req = json.load(open(sys.argv[1]))
    torch.set_num_threads(req.get("threads", 2))
    ref = Ref(req["model"])
    out = {}
    want = set(req.get("want", []))
    ids = req["ids"]
    bench = req.get("bench")
    if bench:
        T = len(ids)
        with torch.no_grad():
            ref.forward(ids)
            t0 = time.perf_counter()
            for _ in range(bench["reps"]):
                ref.forward(ids)
            out["forward_s"] = (time.perf_counter() - t0) / bench["reps"]
        t0 = time.perf_counter()
        for _ in range(bench["reps"]):
            grads(ref, ids, bench["response_start"], only_linear=True)
        out["forward_backward_s"] = (time.perf_counter() - t0) / bench["reps"]
        g = ref.w[f"model.layers.0.{MATS['down']}.weight"].grad
        t0 = time.perf_counter()
        s = torch.linalg.svdvals(g)
        out["svdvals_s"] = time.perf_counter() - t0
        out["svdvals_nuclear"] = float(s.sum())
        t0 = time.perf_counter()
        for i in range(ref.L):
            for name in MATS.values():
                torch.linalg.svdvals(ref.w[f"model.layers.{i}.{name}.weight"].grad).sum()
        out["svdvals_all_s"] = time.perf_counter() - t0
        out["tokens"] = T
        print(json.dumps(out))
        return
    with torch.no_grad():
        logits, hidden = ref.forward(ids, set(req.get("skip_layers", [])))
    if "logits" in want:
        out["logits"] = logits.flatten().tolist()
    if "hidden" in want:
        out["hidden"] = [h.flatten().tolist() for h in hidden]
    if "loss" in want:
        start = req.get("response_start") or 1
        targets = torch.tensor(ids[start:], dtype=torch.long)
        out["lm_loss"] = float(torch.nn.functional.cross_entropy(logits[start - 1:-1], targets))
    if "bi" in want:
        hs = hidden
        cos = [torch.nn.functional.cosine_similarity(hs[i], hs[i + 1], dim=-1) for i in range(len(hs) - 1)]
        out["bi"] = [float(1 - c.mean()) for c in cos]
        out["bi_angular"] = [float((torch.arccos(c.clamp(-1, 1)) / math.pi).mean()) for c in cos]
    if "grad" in want or "raw_grad" in want:
        loss = grads(ref, ids, req["response_start"])
        out["loss"] = float(loss)
        res = []
        for i in range(ref.L):
            row = {}
            for key, name in MATS.items():
                s = torch.linalg.svdvals(ref.w[f"model.layers.{i}.{name}.weight"].grad.double())
                row[key] = {"nuclear": float(s.sum()), "top_share": float(s[0] / s.sum())}
            res.append(row)
        out["grad"] = res
        out["raw_grad"] = {n: ref.w[n].grad.flatten().tolist() for n in req.get("raw_grad_names", [])}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
