import type { MatrixName } from "./backward.ts";

/**
 * A trainable addition to a layer's linear projections (LoRA in probe/lora): layerForward and
 * layerBackward call it beside each frozen matrix. x is the projection's input (T x dIn), y and dy its
 * output and output gradient (T x dOut), dx the input gradient (T x dIn) the frozen weight already wrote.
 */
export interface LinearAdapter {
  /** Adds the adapter's output for matrix m to y. */
  forward(m: MatrixName, x: Float32Array, T: number, y: Float32Array): void;
  /** Accumulates the adapter's own gradients and adds its share of the input gradient to dx. */
  backward(m: MatrixName, x: Float32Array, dy: Float32Array, T: number, dx: Float32Array): void;
}
