"""PyTorch reference for Strata's LoRA training step (tests and benchmark only; never a runtime dependency).

Reads a Hugging Face folder (llama / mistral / qwen2, through ../../reference/model.py's loader) and
LoRA adapters saved in PEFT's layout (adapter_config.json + adapter_model.safetensors with PEFT's tensor
names), then runs in plain torch, float32, with the base weights frozen:
  forward with y = x W^T + b + (alpha / r) (x A^T) B^T on every adapted projection, a batch of sequences
  of shape (B, T), cross-entropy on the answer tokens only (mean over all answer tokens of the batch),
  autograd backward, optional gradient clipping, and one torch.optim.AdamW step.

Usage: lora_step.py REQUEST.json -> one JSON document on stdout.
REQUEST: {"model": DIR, "adapters": DIR, "batch": [{"ids": [...], "answer_start": k}, ...],
          "lr": 1e-3, "weight_decay": 0.01, "eps": 1e-8, "max_grad_norm": 0 | x, "want": ["grads", "step"],
          "bench": {"reps": n} | null, "threads": 2}
"""
import json
import math
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "reference"))
from model import load_weights, read_safetensors  # noqa: E402

MODULES = {"q": "self_attn.q_proj", "k": "self_attn.k_proj", "v": "self_attn.v_proj", "o": "self_attn.o_proj",
           "gate": "mlp.gate_proj", "up": "mlp.up_proj", "down": "mlp.down_proj"}


class LoraRef:
    def __init__(self, folder, adapter_dir):
        with open(os.path.join(folder, "config.json")) as f:
            c = json.load(f)
        self.w = load_weights(folder)
        self.d = c["hidden_size"]
        self.h = c["num_attention_heads"]
        self.kv = c.get("num_key_value_heads", self.h)
        self.hd = c.get("head_dim") or self.d // self.h
        self.L = c["num_hidden_layers"]
        self.eps = c.get("rms_norm_eps", 1e-6)
        self.theta = c.get("rope_theta", 10000.0)
        head = self.w.get("lm_head.weight")
        self.head = self.w["model.embed_tokens.weight"] if c.get("tie_word_embeddings") or head is None else head
        with open(os.path.join(adapter_dir, "adapter_config.json")) as f:
            ac = json.load(f)
        self.scale = ac["lora_alpha"] / ac["r"]
        raw = read_safetensors(os.path.join(adapter_dir, "adapter_model.safetensors"))
        # PEFT's names: base_model.model.<module path>.lora_A.weight / lora_B.weight.
        self.lora = {}
        for name, t in raw.items():
            assert name.startswith("base_model.model.") and name.endswith(".weight"), name
            module, factor = name[len("base_model.model."):-len(".weight")].rsplit(".", 1)
            self.lora.setdefault(module, {})[factor] = t.clone().requires_grad_(True)
        self.names = sorted(self.lora)

    def params(self):
        return [self.lora[n][f] for n in self.names for f in ("lora_A", "lora_B")]

    def rms(self, x, g):
        return g * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))

    def lin(self, x, name):
        y = x @ self.w[name + ".weight"].t()
        b = self.w.get(name + ".bias")
        if b is not None:
            y = y + b
        ab = self.lora.get(name)
        if ab is not None:
            y = y + self.scale * ((x @ ab["lora_A"].t()) @ ab["lora_B"].t())
        return y

    def forward(self, ids, first=0):
        """ids: (B, T) long -> logits (B, T - first, V) of positions first..T-1."""
        B, T = ids.shape
        inv = 1.0 / (self.theta ** (torch.arange(0, self.hd, 2, dtype=torch.int64).float() / self.hd))
        freqs = torch.outer(torch.arange(T).float(), inv)
        emb = torch.cat([freqs, freqs], -1)
        cos, sin = emb.cos(), emb.sin()

        def rot(x):
            half = x.shape[-1] // 2
            return torch.cat([-x[..., half:], x[..., :half]], -1)

        mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
        x = self.w["model.embed_tokens.weight"][ids]
        for i in range(self.L):
            p = f"model.layers.{i}."
            xn = self.rms(x, self.w[p + "input_layernorm.weight"])
            q = self.lin(xn, p + MODULES["q"]).view(B, T, self.h, self.hd).transpose(1, 2)
            k = self.lin(xn, p + MODULES["k"]).view(B, T, self.kv, self.hd).transpose(1, 2)
            v = self.lin(xn, p + MODULES["v"]).view(B, T, self.kv, self.hd).transpose(1, 2)
            q = q * cos + rot(q) * sin
            k = k * cos + rot(k) * sin
            rep = self.h // self.kv
            k = k.repeat_interleave(rep, 1)
            v = v.repeat_interleave(rep, 1)
            s = (q @ k.transpose(-1, -2)) / math.sqrt(self.hd)
            a = torch.softmax(s.masked_fill(mask, float("-inf")), -1) @ v
            x = x + self.lin(a.transpose(1, 2).reshape(B, T, self.h * self.hd), p + MODULES["o"])
            xn = self.rms(x, self.w[p + "post_attention_layernorm.weight"])
            g = self.lin(xn, p + MODULES["gate"])
            u = self.lin(xn, p + MODULES["up"])
            x = x + self.lin(torch.nn.functional.silu(g) * u, p + MODULES["down"])
        # The head (the costliest product, vocab-wide) only on the rows the loss reads.
        return self.rms(x[:, first:, :], self.w["model.norm.weight"]) @ self.head.t()


def batch_loss(ref, batch):
    """Mean answer-token cross-entropy over the batch: equal-length sequences run as one (B, T) tensor."""
    total = sum(len(s["ids"]) - s["answer_start"] for s in batch)
    lengths = {len(s["ids"]) for s in batch}
    groups = [batch] if len(lengths) == 1 and len({s["answer_start"] for s in batch}) == 1 else [[s] for s in batch]
    loss = 0.0
    for g in groups:
        ids = torch.tensor([s["ids"] for s in g], dtype=torch.long)
        a = g[0]["answer_start"]
        logits = ref.forward(ids, a - 1)[:, :-1, :]
        loss = loss + torch.nn.functional.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), ids[:, a:].reshape(-1), reduction="sum")
    return loss / total


def main():
    req = json.load(open(sys.argv[1]))
    torch.set_num_threads(req.get("threads", 2))
    ref = LoraRef(req["model"], req["adapters"])
    params = ref.params()
    opt = torch.optim.AdamW(params, lr=req.get("lr", 1e-3), weight_decay=req.get("weight_decay", 0.01),
                            eps=req.get("eps", 1e-8))
    clip = req.get("max_grad_norm", 0)
    batch = req["batch"]
    bench = req.get("bench")
    if bench:
        def step():
            opt.zero_grad()
            batch_loss(ref, batch).backward()
            if clip:
                torch.nn.utils.clip_grad_norm_(params, clip)
            opt.step()
        step()
        t0 = time.perf_counter()
        for _ in range(bench["reps"]):
            step()
        print(json.dumps({"step_s": (time.perf_counter() - t0) / bench["reps"],
                          "tokens": sum(len(s["ids"]) for s in batch)}))
        return
    out = {}
    loss = batch_loss(ref, batch)
    loss.backward()
    out["loss"] = float(loss)
    out["grads"] = {f"{n}.{f}": ref.lora[n][f].grad.flatten().tolist() for n in ref.names for f in ("lora_A", "lora_B")}
    if clip:
        out["grad_norm"] = float(torch.nn.utils.clip_grad_norm_(params, clip))
    opt.step()
    out["after_step"] = {f"{n}.{f}": ref.lora[n][f].detach().flatten().tolist() for n in ref.names for f in ("lora_A", "lora_B")}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
