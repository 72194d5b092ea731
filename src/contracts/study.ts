/**
 * Everything the study Strata reproduces published that Strata sets beside its own numbers, in one
 * place, each with the table or figure it comes from: Wang et al., "From Parameters to Performance: A
 * Data-Driven Study on LLM Structure and Development" (arXiv 2509.18136v1; EMNLP 2025). Values are
 * transcribed from the paper (Table 1's size row from the arXiv HTML v1; Tables 2 and 5 and the
 * findings of Sections 3-4 as summarised in the project's design notes). A figure the paper shows
 * without printing its numbers is listed with `values: null`: there is nothing to compare a number to.
 * Imports no stage (contracts level): ml/ and report/ both read it.
 */

/** The six leaderboard v1 benchmarks, keys as Strata's V1Benchmark. */
type Benchmark = "arc" | "hellaswag" | "mmlu" | "truthfulqa" | "winogrande" | "gsm8k";

export const STUDY_CITATION = "arXiv 2509.18136 (From Parameters to Performance)";

/** Where a published value comes from in the paper. */
export interface StudySource {
  /** "Table 2", "Section 4", "figure: monthly new models", ... */
  source: string;
  /** What the paper shows there, in one line. */
  shows: string;
}

/** The study's dataset (Section 2): Hugging Face configs crawled, and those joined to leaderboard v1 scores. */
export const STUDY_DATASET = {
  source: "Section 2",
  shows: "about 160k Hugging Face model configs, about 6k of them joined to Open LLM Leaderboard v1 scores",
  configs: 160_000,
  scored: 6_000,
} as const;

/** Table 1, row "size" (billions of parameters), as printed (rounded to integers by the paper). */
export const STUDY_TABLE1_SIZE = {
  source: "Table 1 (row size)",
  shows: "size: mean 8, mode 8, Q1 1, Q2 7, Q3 8, max 1018, skewness 12, kurtosis 357, missing 18%",
  mean: 8,
  mode: 8,
  q1: 1,
  q2: 7,
  q3: 8,
  max: 1018,
  skewness: 12,
  kurtosis: 357,
  missing: 0.18,
} as const;

/** Table 1's implausible maxima (raw configs kept as read): what Strata flags and nulls instead. */
export const STUDY_TABLE1_MAXIMA = {
  source: "Table 1 (column max)",
  shows: "d_ffn max 13,100,072 and layers max 8,928 (implausible values kept as read)",
  d_ffn: 13_100_072,
  layers: 8_928,
} as const;

/** Random Forest R^2 per benchmark, random split (Table 2, best regressor row). */
export const STUDY_RF_R2: Record<Benchmark, number> = {
  arc: 0.75,
  hellaswag: 0.66,
  mmlu: 0.81,
  truthfulqa: 0.58,
  winogrande: 0.73,
  gsm8k: 0.7,
};
export const STUDY_RF_R2_SOURCE: StudySource = {
  source: "Table 2 (Random Forest row)",
  shows: "R^2 of the Random Forest under a random train/test split",
};

/**
 * The study's tenth regressor: LLaMA-2-7B fine-tuned with LoRA (Table 5: all linear layers, lr 1e-4,
 * 3500 steps) to read a structure as text and write the six scores. Its R^2 row of Table 2. Strata's
 * own run of it is the regressor "llm" (ml/llm-cv.ts over probe/lora), on a far smaller base by default.
 */
export const STUDY_LLM_R2: Record<Benchmark, number> = {
  arc: 0.6,
  hellaswag: 0.51,
  mmlu: 0.65,
  truthfulqa: 0.17,
  winogrande: 0.56,
  gsm8k: 0.39,
};
export const STUDY_LLM_R2_SOURCE: StudySource = {
  source: "Table 2 (fine-tuned LLM row)",
  shows: "R^2 of LLaMA-2-7B fine-tuned with LoRA to predict the six scores from the structure as text",
};

/** The structural feature the study found most important per benchmark (Section 4, RF importances). */
export const STUDY_TOP_STRUCTURE: Record<Benchmark, "layers" | "d_ffn"> = {
  arc: "layers",
  hellaswag: "layers",
  winogrande: "layers",
  mmlu: "d_ffn",
  gsm8k: "d_ffn",
  truthfulqa: "d_ffn",
};
export const STUDY_IMPORTANCE_SOURCE: StudySource = {
  source: "Section 4 (Random Forest importances)",
  shows:
    "depth (layers) matters most for ARC, HellaSwag and WinoGrande, d_ffn for MMLU, GSM8K and TruthfulQA; size and date dominate overall",
};

/**
 * The study's figures that print no numbers: the report names them so a reader can look, and says
 * that it has nothing to set a number beside.
 */
export const STUDY_FIGURES = {
  monthly: {
    source: "figure: new models per month",
    shows: "new models per month over its ~160k configs: all, MoE and multimodal",
  },
  top: {
    source: "figures: top-20 model types, top-20 models by likes",
    shows: "the most frequent model types and the most liked models on the Hub",
  },
  mmluOverTime: {
    source: "figure: MMLU of major pretrained models over time",
    shows: "MMLU of major pretrained models over time, point size by parameters",
  },
  sizeBins: {
    source: "figure: score vs size in equal-frequency bins",
    shows: "median score with IQR bands per size bin, pretrained vs fine-tuned models",
  },
  spearman: {
    source: "figure: Spearman correlation between benchmarks",
    shows: "the rank correlation matrix of the six v1 benchmarks",
  },
  reverse: {
    source: "Section 4 (reverse regression)",
    shows: "structure predicted from the six scores",
  },
  pretrainedOnly: {
    source: "Section 4 (pretrained models only)",
    shows: "the regression and importances rerun on pretrained models",
  },
} as const satisfies Record<string, StudySource>;

/**
 * The study's look inside models (after ShortGPT and Li et al. 2024): Block Influence per layer of
 * Llama-2-7B, removing its lowest-BI layers (21-29) and re-evaluating, and per-layer gradient nuclear
 * norms of Qwen2-0.5B on ARC-C vs TruthfulQA. The report's "Inside a model" section runs the same
 * measurements on a small model; the numbers are of different models, so none is set beside another.
 */
export const STUDY_INSIDE_MODEL: StudySource = {
  source: "inside-model experiments (Block Influence, pruning, gradient nuclear norms)",
  shows:
    "Llama-2-7B's lowest-BI layers are late ones (21-29 of 32) and can be removed with a modest loss; Qwen2-0.5B's gradient nuclear norms differ per layer and task",
};
