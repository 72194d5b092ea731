/** Small dense linear algebra shared by ml/ and probe/: the cyclic Jacobi symmetric eigensolver. */
export * from "./jacobi-eig.ts";
