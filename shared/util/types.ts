/** `A | B` → `A & B`: joins the per-feature handler and store objects into one type. */
export type UnionToIntersection<U> = (U extends unknown ? (union: U) => void : never) extends (intersection: infer I) => void ? I : never;
