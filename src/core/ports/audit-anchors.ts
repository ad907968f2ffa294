/** A journal head written outside the database: the chain must still contain this entry, unchanged. */
export interface AuditAnchor {
  seq: number;
  hash: string;
  /** When it was anchored (ISO). */
  at: string;
  /** HMAC of the line under the audit key: a line added by someone without the key is told apart. */
  mac: string;
}

/** Where anchors are kept: append-only, outside the store (a file, later a log or the transparency register). */
export interface AuditAnchorLog {
  /** Where the anchors live, for messages. */
  readonly location: string;
  append(a: AuditAnchor): Promise<void>;
  /** Every anchor in the order written; a line that cannot be read is returned as `undefined`. */
  list(): Promise<(AuditAnchor | undefined)[]>;
}
